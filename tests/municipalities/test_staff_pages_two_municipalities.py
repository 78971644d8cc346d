"""The permission matrix's second dimension beyond the admin's model pages: the staff pages of the apps
(overview, compliance, a consultation's report, printed papers), the admin's add forms, bulk actions
and the annual report's publishing page × every role × own and other municipality.

Istog and Mamusha share one installation (tests/municipalities/two_municipalities.py);
each role is held in Istog only. A page of Istog's answers no more than the role allows and shows none
of Mamusha's rows; Mamusha's object ids are not found or refused, and no action changes them.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import translation

from municipalities import roles
from reports.models import ReportPublication
from tests.municipalities.two_municipalities import (
    ISTOG,
    MAMUSHA,
    ROLES,
    SECRET,
    account,
    admin_url,
    registered,
)

pytestmark = pytest.mark.django_db

# The staff pages outside the admin, by name and whether they take a consultation's id (else the year).
STAFF_PAGES = [
    ("staff:overview", None),
    ("compliance:compliance-year", "year"),
    ("outcomes:staff-report", "hearing"),
    ("outcomes:staff-preview-pdf", "hearing"),
    ("papers:attendance-sheet", "hearing"),
    ("papers:minutes", "hearing"),
]


def staff_url(name, kind, rows, slug):
    hearing = rows[slug]["consultations.hearing"]
    args = {None: [], "year": [hearing.plan.year], "hearing": [hearing.pk]}[kind]
    with translation.override("sq"):
        return reverse(name, args=args)


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


@pytest.mark.parametrize("role", ROLES)
def test_the_staff_pages_on_istogs_domain_show_istogs_rows_only_and_refuse_mamushas(installation, role):
    istog, _mamusha, rows = installation
    client = Client(HTTP_HOST=ISTOG)
    client.force_login(account(role, istog))
    for name, kind in STAFF_PAGES:
        response = client.get(staff_url(name, kind, rows, "istog"))
        assert response.status_code in (200, 403), f"{name} for {role}: {response.status_code}"
        if role == roles.OFFICER:  # the officer opens every one of them: the matrix is not empty
            assert response.status_code == 200, name
        assert SECRET not in text_of(response), f"{name} shows Mamusha's rows to {role}"
        if kind == "hearing":
            response = client.get(staff_url(name, kind, rows, "mamusha"))
            assert response.status_code in (403, 404), f"{role} reached Mamusha's hearing at {name}"
            assert SECRET not in text_of(response)


@pytest.mark.parametrize("role", [roles.DATA_ENTRY, roles.DATA_ENTRY_AND_PUBLISHING, roles.OFFICER])
def test_istogs_staff_at_mamushas_domain_reach_none_of_its_staff_pages(installation, role):
    istog, _mamusha, rows = installation
    client = Client(HTTP_HOST=MAMUSHA)
    client.force_login(account(role, istog))
    for name, kind in STAFF_PAGES:
        response = client.get(staff_url(name, kind, rows, "mamusha"))
        assert response.status_code == 403, f"{role} of Istog at Mamusha's {name}: {response.status_code}"


def test_the_national_reader_reads_the_staff_pages_of_each_municipality(installation):
    _istog, _mamusha, rows = installation
    reader = account(roles.NATIONAL_READER, None)
    for host, slug in ((ISTOG, "istog"), (MAMUSHA, "mamusha")):
        client = Client(HTTP_HOST=host)
        client.force_login(reader)
        for name, kind in (("staff:overview", None), ("compliance:compliance-year", "year")):
            assert client.get(staff_url(name, kind, rows, slug)).status_code == 200, f"{name} at {host}"


@pytest.mark.parametrize("role", ROLES)
def test_no_add_form_on_istogs_domain_offers_a_row_of_mamushas(installation, role):
    istog, _mamusha, _rows = installation
    client = Client(HTTP_HOST=ISTOG)
    client.force_login(account(role, istog))
    for label in registered():
        app_label, model_name = label.split(".")
        response = client.get(admin_url(f"{app_label}_{model_name}_add"))
        assert response.status_code in (200, 302, 403), f"{label} add for {role}: {response.status_code}"
        assert SECRET not in response.content.decode(), f"{label}'s add form offers Mamusha's rows to {role}"


def snapshot(obj) -> dict | None:
    return type(obj)._base_manager.filter(pk=obj.pk).values().first()


@pytest.mark.parametrize("role", ROLES)
def test_no_bulk_action_on_istogs_domain_touches_a_row_of_mamushas(installation, role):
    istog, _mamusha, rows = installation
    client = Client(HTTP_HOST=ISTOG)
    client.force_login(account(role, istog))
    for label, other in rows["mamusha"].items():
        model_admin = admin.site._registry[type(other)]
        before = snapshot(other)
        names = [name for _function, name, _description in model_admin._get_base_actions()]
        assert "delete_selected" in names or not model_admin.actions, label
        for action in names:
            response = client.post(
                admin_url(f"{label.replace('.', '_')}_changelist"),
                {"action": action, admin.helpers.ACTION_CHECKBOX_NAME: [other.pk], "post": "yes", "index": 0},
            )
            assert response.status_code in (200, 302, 403), f"{label} action {action}: {response.status_code}"
            assert snapshot(other) == before, f"{role}'s action {action} changed Mamusha's {label}"


@pytest.mark.parametrize("role", [roles.DATA_ENTRY_AND_PUBLISHING, roles.OFFICER, roles.NATIONAL_READER])
def test_the_annual_reports_publishing_page_refuses_mamushas_plan_on_istogs_domain(installation, role):
    istog, _mamusha, rows = installation
    client = Client(HTTP_HOST=ISTOG)
    client.force_login(account(role, istog))
    plan = rows["mamusha"]["consultations.consultationplan"]
    url = admin_url("reports_publish_report", plan.pk)
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, {"reason": "Publikim", "allow_incomplete_year": "on"})
    assert response.status_code in (403, 404)
    assert not ReportPublication.objects.filter(municipality=plan.municipality).exists()
