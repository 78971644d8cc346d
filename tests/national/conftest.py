"""Three municipalities of 2025 side by side: a published annual report, a provisional one, no plan."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from national.figures import portal_urls
from register.models import CitizenRequest
from reports.publishing import publish
from tests.factories import CitizenRequestFactory, HearingFactory, MunicipalityFactory, PlanFactory


def _answered(hearing, waited_days: int) -> CitizenRequest:
    request = CitizenRequestFactory(hearing=hearing)
    request.status = CitizenRequest.Status.ANSWERED
    request.answer = "Po, në vjeshtë."
    request.answered_via = CitizenRequest.AnswerChannel.EMAIL
    request.answered_on = request.received_on + datetime.timedelta(days=waited_days)
    request.save()
    return request


MAIN_HOST = "konsultime.example.org"


@pytest.fixture
def client(settings):
    """A visitor of the installation's main domain (SITE_URL's host), where the national view lives."""
    settings.SITE_URL = f"https://{MAIN_HOST}"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, MAIN_HOST, ".example.org"]
    return Client(HTTP_HOST=MAIN_HOST)


@pytest.fixture
def national_year(db, settings):
    """Istog published its 2025 report (then a hearing was added: the frozen figures stay); Peja did not;
    Prizren has no published plan."""
    settings.SITE_URL = "https://konsultime.example.org"
    settings.SITE_URL_CONFIGURED = True
    istog = MunicipalityFactory(name="Komuna e Istogut", slug="istog", domain="istog.example.org")
    peja = MunicipalityFactory(name="Komuna e Pejës", slug="peja", domain="peja.example.org")
    prizren = MunicipalityFactory(name="Komuna e Prizrenit", slug="prizren", domain="prizren.example.org")
    istog_plan = PlanFactory(municipality=istog, year=2025)
    HearingFactory(plan=istog_plan, women=10, men=15)
    may = timezone.make_aware(datetime.datetime(2025, 5, 6, 10))
    first = HearingFactory(plan=istog_plan, women=5, men=10, starts_at=may)
    _answered(first, 4)
    with portal_urls():  # publishing names the portal's verification page
        publish(2025, municipality=istog)
    HearingFactory(plan=istog_plan, women=100, men=100)  # after publication: not in the frozen figures
    peja_plan = PlanFactory(municipality=peja, year=2025)
    held = HearingFactory(plan=peja_plan, women=8, men=2)
    _answered(held, 10)
    _answered(held, 20)
    CitizenRequestFactory(hearing=held)  # still open
    PlanFactory(municipality=prizren, year=2025, status="draft")
    return {"istog": istog, "peja": peja, "prizren": prizren}
