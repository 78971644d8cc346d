"""Publishing the national report: frozen versions with SHA-256, a reason from version 2 on, the same verification."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from national.models import NationalReport
from national.publishing import PublishRefused, publish_national_report
from reports.verification import find_match
from tests.factories import HearingFactory, PlanFactory, UserFactory
from web.stored_files import sha256_of


def test_the_command_publishes_version_1_with_a_tagged_pdf_per_language(national_year):
    out = io.StringIO()
    call_command("publish_national_report", "--year", "2025", stdout=out)

    report = NationalReport.objects.get()
    assert (report.year, report.version, report.reason) == (2025, 1, "")
    assert "Raporti kombëtar i vitit 2025 u publikua si versioni 1." in out.getvalue()
    assert sorted(item.language for item in report.files.all()) == sorted(code for code, _name in settings.LANGUAGES)
    frozen = report.figures("en")
    assert {row.slug: row.participants for row in frozen.rows} == {"istog": 40, "peja": 10, "prizren": 0}
    english = report.file_for("en")
    with english.file.open("rb") as stored:
        content = stored.read()
    assert sha256_of(content) == english.sha256
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == "National report on public consultations 2025"
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Version 1, published" in text
    assert "Komuna e Pejës" in text
    assert "/en/raportet/verifiko/" in text.replace(" ", "")


def test_version_2_needs_a_reason_and_a_change(national_year):
    publish_national_report(2025)

    with pytest.raises(PublishRefused):
        publish_national_report(2025, reason="")
    with pytest.raises(PublishRefused):
        publish_national_report(2025, reason="Asgjë nuk ndryshoi")
    HearingFactory(plan=PlanFactory(municipality=national_year["peja"], year=2025), women=1, men=1)
    report = publish_national_report(2025, reason="Peja regjistroi një dëgjim tjetër")

    assert (report.version, report.reason) == (2, "Peja regjistroi një dëgjim tjetër")
    assert NationalReport.objects.count() == 2


def test_the_command_says_what_is_wrong(national_year):
    publish_national_report(2025)

    with pytest.raises(CommandError):
        call_command("publish_national_report", "--year", "2025", stdout=io.StringIO())


def test_only_a_superuser_may_publish(national_year):
    with pytest.raises(PublishRefused):
        publish_national_report(2025, user=UserFactory(username="stafi"))

    report = publish_national_report(2025, user=UserFactory(username="admin", is_superuser=True))
    assert report.published_by_name == "admin"


def test_the_verification_page_recognises_a_national_report_file(national_year, settings):
    report = publish_national_report(2025)
    found = find_match(report.file_for("sq").sha256)

    assert found is not None
    assert (found.version, found.latest_version) == (1, 1)
    assert found.page_url == "https://konsultime.example.org/sq/kombetare/2025/raporti/"
    # The same verification page as every published document, on a municipality's portal.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "istog.example.org"]
    portal = Client(HTTP_HOST="istog.example.org")
    response = portal.post(reverse("reports:verify"), {"sha256": report.file_for("sq").sha256})
    assert "Komunat e Kosovës, raporti kombëtar 2025, versioni 1" in response.content.decode()


@pytest.mark.urls("istog_consult.platform_urls")
def test_the_report_page_and_pdf_serve_the_published_version(national_year, client):
    report = publish_national_report(2025)
    HearingFactory(plan=PlanFactory(municipality=national_year["peja"], year=2025), women=90, men=0)

    page = client.get("/en/kombetare/2025/raporti/").content.decode()
    assert "Version 1, published" in page
    assert "Komuna e Pejës: 80%" in page  # frozen, not the 98% of the records now
    response = client.get("/en/kombetare/2025/raporti/pdf/")
    assert response.status_code == 200
    assert sha256_of(response.content) == report.file_for("en").sha256
    assert client.get("/en/kombetare/2025/raporti/v1/pdf/").status_code == 200
    assert client.get("/en/kombetare/2025/raporti/v2/pdf/").status_code == 404


@pytest.mark.urls("istog_consult.platform_urls")
def test_before_publication_the_pdf_is_provisional(national_year, client):
    response = client.get("/sq/kombetare/2025/raporti/pdf/")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "raporti-kombetar-konsultimeve-publike-2025.pdf" in response["Content-Disposition"]


@pytest.mark.urls("istog_consult.platform_urls")
def test_the_printed_verification_address_answers_on_the_main_domain(client, db):
    from django.urls import reverse
    from django.utils import translation

    from national import documents

    with translation.override("sq"):
        printed = reverse("reports:verify", urlconf=documents.PORTAL_URLCONF)
        assert printed == reverse("platform-verify")
    assert client.get(printed).status_code == 200
    response = client.post(printed, {"checksum": "0" * 64})
    assert response.status_code == 200
