"""The permission matrix's second dimension: every admin page × every role × own and other municipality.

Istog and Mamusha share one installation. Each role is held in Istog only. On Istog's domain no
response holds a row of Mamusha's, and Mamusha's object ids are not found; on Mamusha's domain
Istog's staff meet the 403 page. The national reader sees and changes nothing anywhere.
"""

import pytest
from django.test import Client
from django.urls import NoReverseMatch

from municipalities import roles
from municipalities.models import Membership
from tests import factories
from tests.municipalities.two_municipalities import ISTOG, MAMUSHA, ROLES, SECRET, account, admin_url, registered

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_no_admin_page_on_istogs_domain_shows_or_reaches_a_row_of_mamushas(installation, role):
    istog, _mamusha, rows = installation
    client = Client(HTTP_HOST=ISTOG)
    client.force_login(account(role, istog))
    for label in registered():
        app_label, model_name = label.split(".")
        response = client.get(admin_url(f"{app_label}_{model_name}_changelist"))
        assert response.status_code in (200, 403), label
        assert SECRET not in response.content.decode(), f"{label} changelist shows Mamusha's rows to {role}"
        other = rows["mamusha"].get(label)
        if other is None:
            continue
        for view in ("change", "delete", "history"):
            try:
                url = admin_url(f"{app_label}_{model_name}_{view}", other.pk)
            except NoReverseMatch:
                continue
            response = client.get(url)
            assert response.status_code in (403, 404), (
                f"{role} reached Mamusha's {label} {view}: {response.status_code}"
            )
            assert SECRET not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_forms_and_autocomplete_on_istogs_domain_offer_none_of_mamushas_places_or_directorates(installation, role):
    istog, _mamusha, _rows = installation
    client = Client(HTTP_HOST=ISTOG)
    user = account(role, istog)
    client.force_login(user)
    response = client.get(admin_url("consultations_hearing_add"))
    assert SECRET not in response.content.decode()
    response = client.get(
        admin_url("autocomplete"),
        {"app_label": "consultations", "model_name": "hearing", "field_name": "place", "term": ""},
    )
    assert SECRET not in response.content.decode()


def test_a_hearing_posted_with_mamushas_place_is_refused_in_istog(installation):
    istog, _mamusha, rows = installation
    client = Client(HTTP_HOST=ISTOG)
    client.force_login(account(roles.OFFICER, istog))
    hearing = rows["istog"]["consultations.hearing"]
    form = client.get(admin_url("consultations_hearing_change", hearing.pk)).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not hasattr(value, "pk")}
    data["place"] = rows["mamusha"]["consultations.place"].pk
    response = client.post(admin_url("consultations_hearing_change", hearing.pk), data)
    assert response.status_code == 200  # the form again, with the error on the place
    assert "place" in response.context["adminform"].form.errors
    hearing.refresh_from_db()
    assert hearing.place == rows["istog"]["consultations.place"]


@pytest.mark.parametrize("role", [roles.DATA_ENTRY, roles.DATA_ENTRY_AND_PUBLISHING, roles.OFFICER])
def test_istogs_staff_at_mamushas_domain_meet_a_clear_403(installation, role):
    istog, _mamusha, rows = installation
    client = Client(HTTP_HOST=MAMUSHA)
    client.force_login(account(role, istog))
    response = client.get(admin_url("index"))
    assert response.status_code == 403
    assert "no role in" in response.content.decode()
    for label, obj in rows["mamusha"].items():
        app_label, model_name = label.split(".")
        assert client.get(admin_url(f"{app_label}_{model_name}_change", obj.pk)).status_code == 403


def test_the_national_reader_sees_each_municipalitys_admin_and_changes_nothing(installation):
    _istog, _mamusha, rows = installation
    reader = account(roles.NATIONAL_READER, None)
    for host, slug in ((ISTOG, "istog"), (MAMUSHA, "mamusha")):
        client = Client(HTTP_HOST=host)
        client.force_login(reader)
        hearing = rows[slug]["consultations.hearing"]
        assert client.get(admin_url("consultations_hearing_change", hearing.pk)).status_code == 200
        assert client.get(admin_url("consultations_hearing_add")).status_code == 403
        response = client.post(admin_url("consultations_hearing_change", hearing.pk), {"title_sq": "X"})
        assert response.status_code == 403
        assert client.get(admin_url("consultations_hearing_delete", hearing.pk)).status_code == 403


def test_one_person_with_roles_in_two_municipalities_works_in_each_with_that_role(installation):
    istog, mamusha, _rows = installation
    user = factories.UserFactory(username="dy-komuna")
    Membership.objects.create(user=user, municipality=istog, role=roles.OFFICER)
    Membership.objects.create(user=user, municipality=mamusha, role=roles.DATA_ENTRY)
    istog_client, mamusha_client = Client(HTTP_HOST=ISTOG), Client(HTTP_HOST=MAMUSHA)
    istog_client.force_login(user)
    mamusha_client.force_login(user)
    assert istog_client.get(admin_url("consultations_consultationplan_add")).status_code == 200
    assert mamusha_client.get(admin_url("consultations_consultationplan_add")).status_code == 403
    assert mamusha_client.get(admin_url("consultations_hearing_add")).status_code == 200
