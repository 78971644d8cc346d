"""Another municipality sets up the portal with data alone: an empty database, the officer, the admin.

This is the production path of docs/deployment.md: migrate, create_officer, then everything
about the municipality is entered in the admin. No demo data is loaded and nothing about
Istog may show.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from modeltranslation.translator import translator

from consultations.models import AnnouncementChannel, ConsultationPlan, Directorate, Hearing, Place
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db

LANGS = ("sq", "sr_latn", "bs", "en")


def translated(field: str, sq: str, sr_latn: str = "", bs: str = "", en: str = "") -> dict[str, str]:
    return dict(zip((f"{field}_{lang}" for lang in LANGS), (sq, sr_latn, bs, en), strict=True))


def management(prefix: str) -> dict[str, int]:
    return {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0}


def add(client, model: str, data: dict):
    """Post an admin add form and insist that it was saved (a redirect, not the form again)."""
    with translation.override("en"):
        app = "municipalities" if model == "municipality" else "consultations"
        url = reverse(f"admin:{app}_{model}_add")
    response = client.post(url, data)
    errors = response.context["adminform"].form.errors if response.status_code == 200 else None
    assert response.status_code == 302, f"{model} not saved: {errors}"


def test_a_new_municipality_is_entered_in_the_admin_and_its_portal_shows_only_its_data(client):
    assert not Municipality.objects.exists()
    out = io.StringIO()
    call_command("create_officer", "--username", "zyrtari", stdout=out)
    password = re.search(r": (\S+)\n", out.getvalue().split("\n", 1)[1]).group(1)
    with translation.override("sq"):
        login = client.post(reverse("admin:login"), {"username": "zyrtari", "password": password, "next": "/sq/admin/"})
    assert login.status_code == 302

    add(
        client,
        "municipality",
        {
            **translated("name", "Komuna e Pejës", "Opština Peć", "Općina Peć", "Municipality of Peja"),
            **translated("address", "Sheshi i Dëshmorëve"),
            "slug": "peje",
            # As the form's ticked boxes post them: Albanian and Serbian official, Bosnian and English offered too.
            "languages": ["sq", "sr-latn", "bs", "en"],
            "official_languages": ["sq", "sr-latn"],
            "default_language": "sq",
            "website": "https://kk.rks-gov.net/peje/",
            "consultations_url": "https://kk.rks-gov.net/peje/konsultimet/",
            "email": "",
            "phone": "",
        },
    )
    peja = Municipality.objects.get()
    add(client, "directorate", {"municipality": peja.pk, **translated("name", "Drejtoria e Arsimit")})
    add(client, "place", {"municipality": peja.pk, **translated("name", "Vitomirica"), "kind": "local_community"})
    year = timezone.localdate().year
    plan_texts = {}
    for field in translator.get_options_for_model(ConsultationPlan).fields:
        plan_texts.update(translated(field, f"{field} i Pejës"))
    add(
        client,
        "consultationplan",
        {
            "municipality": peja.pk,
            "year": year,
            "status": ConsultationPlan.Status.PUBLISHED,
            "budget": "",
            "start_date": f"{year}-01-01",
            "end_date": f"{year}-12-31",
            "responsible_officer_name": "Zyrtari i Pejës",
            "responsible_officer": "",
            "methods_verbal": "on",
            **plan_texts,
        },
    )
    day = timezone.localdate()
    add(
        client,
        "hearing",
        {
            "plan": ConsultationPlan.objects.get().pk,
            **translated("title", "Dëgjim publik për shkollat e Vitomiricës", "Javna rasprava o školama u Vitomirici"),
            **translated("topic", "Ndërtimi i shkollës", "Izgradnja škole"),
            **translated("summary", ""),
            "directorate": Directorate.objects.get().pk,
            "method": Hearing.Method.HEARING,
            "status": Hearing.Status.PLANNED,
            "is_published": "on",
            "starts_at_0": day.isoformat(),
            "starts_at_1": "10:00:00",
            "ends_at_0": day.isoformat(),
            "ends_at_1": "12:00:00",
            "place": Place.objects.get().pk,
            "announced_via": [AnnouncementChannel.objects.get(code="website").pk],
            "announced_on": timezone.localdate().isoformat(),
            "women": "",
            "men": "",
            **management("documents"),
            **management("requests"),
        },
    )
    client.logout()

    with translation.override("sr-latn"):
        home = client.get(reverse("consultations:home")).content.decode()
        listing = client.get(reverse("consultations:hearing-list")).content.decode()
        plan_page = client.get(reverse("consultations:plan-detail", kwargs={"year": year}))
    assert "Opština Peć" in home
    assert "Javna rasprava o školama u Vitomirici" in listing
    assert plan_page.status_code == 200
    assert "Zyrtari i Pejës" in plan_page.content.decode()
    # The software's own name aside, nothing on the pages speaks of Istog.
    for page in (home, listing, plan_page.content.decode()):
        text = page.replace("Istog Consult", "")
        assert "Istog" not in text and "Istok" not in text
