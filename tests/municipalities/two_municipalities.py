"""Two municipalities in one installation, for the two-dimensional permission matrix's tests.

Istog and Mamusha, each with a directorate, a place, a plan, a hearing and a citizen's request; every
text of Mamusha's rows that a page could show holds SECRET.
"""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from municipalities import roles
from municipalities.models import Membership
from tests import factories

ISTOG = "konsultime.istog.org"
MAMUSHA = "konsultime.mamusha.org"
SECRET = "MAMUSHA-ONLY"  # in every text field of Mamusha's rows that a page could show
ROLES = [roles.DATA_ENTRY, roles.DATA_ENTRY_AND_PUBLISHING, roles.OFFICER, roles.NATIONAL_READER]


def build_installation(settings):
    settings.SITE_URL = "https://konsultime.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    istog = factories.MunicipalityFactory(slug="istog", name="Komuna e Istogut", domain=ISTOG)
    mamusha = factories.MunicipalityFactory(slug="mamusha", name=f"Komuna {SECRET}", domain=MAMUSHA)
    rows = {}
    for municipality, mark in ((istog, "ISTOG-ROW"), (mamusha, SECRET)):
        directorate = factories.DirectorateFactory(municipality=municipality, name=f"Drejtoria {mark}")
        place = factories.PlaceFactory(municipality=municipality, name=f"Vendi {mark}")
        plan = factories.PlanFactory(municipality=municipality)
        hearing = factories.HearingFactory(plan=plan, title=f"Dëgjimi {mark}", place=place, directorate=directorate)
        request = factories.CitizenRequestFactory(hearing=hearing, topic=f"Kërkesa {mark}")
        rows[municipality.slug] = {
            "consultations.directorate": directorate,
            "consultations.place": place,
            "consultations.consultationplan": plan,
            "consultations.hearing": hearing,
            "register.citizenrequest": request,
        }
    return istog, mamusha, rows


def account(role, municipality):
    user = factories.UserFactory(username=f"u-{role[:12]}".replace(" ", "-"))
    if role == roles.NATIONAL_READER:
        roles.sync_groups(__import__("django.apps", fromlist=["apps"]).apps)
        user.groups.add(Group.objects.get(name=role))
    else:
        Membership.objects.create(user=user, municipality=municipality, role=role)
    return user


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def registered():
    return [f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry]
