"""The officer edits the rules in the admin; bad values are refused on the field; the hearing form warns."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from compliance.models import Rule, RuleCode
from consultations.models import Hearing
from tests.consultations.test_admin import _hearing_data
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _change_url(rule: Rule) -> str:
    with translation.override("en"):
        return reverse("admin:compliance_rule_change", args=[rule.pk])


def _post(rule: Rule, **changes) -> dict:
    data = {"number": rule.number, "legal_source": rule.legal_source, "parameter": rule.parameter}
    if rule.enabled:
        data["enabled"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _errors(response) -> dict:
    with translation.override("en"):
        return {field: list(errors) for field, errors in response.context["adminform"].form.errors.items()}


@pytest.fixture
def notice(municipality) -> Rule:
    return Rule.objects.get(municipality=municipality, code=RuleCode.NOTICE)


def test_the_rule_list_says_the_legal_office_must_confirm_the_defaults(client, officer, municipality):
    client.force_login(officer)
    with translation.override("en"):
        response = client.get(reverse("admin:compliance_rule_changelist"))
    assert response.status_code == 200
    assert "the municipality&#x27;s legal office must confirm each number" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-3", "Ensure this value is greater than or equal to 0."),
        ("0", "Ensure this value is greater than or equal to 1."),
        ("61", "Give a value from 1 to 60 (days before the meeting)."),
        ("5000", "Ensure this value is less than or equal to 366."),
        ("seven", "Enter a whole number."),
    ],
)
def test_a_negative_or_absurd_value_is_refused_on_its_field(client, officer, notice, value, message):
    client.force_login(officer)
    response = client.post(_change_url(notice), _post(notice, parameter=value))
    assert response.status_code == 200
    assert message in _errors(response)["parameter"]
    notice.refresh_from_db()
    assert notice.parameter == 7


def test_turning_a_rule_off_is_recorded_in_the_history(client, officer, notice):
    client.force_login(officer)
    response = client.post(_change_url(notice), _post(notice, enabled=None))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.enabled is False
    entry = LogEntry.objects.get(object_id=str(notice.pk), action_flag=CHANGE)
    assert entry.user == officer
    assert entry.change_message == '[{"changed": {"fields": ["Checked"]}}]'


def test_data_entry_may_see_but_not_change_a_rule(client, data_entry, notice):
    client.force_login(data_entry)
    assert client.get(_change_url(notice)).status_code == 200
    client.post(_change_url(notice), _post(notice, parameter="3"))
    notice.refresh_from_db()
    assert notice.parameter == 7


def test_no_one_adds_or_deletes_a_rule(client, officer, notice):
    client.force_login(officer)
    with translation.override("en"):
        assert client.get(reverse("admin:compliance_rule_add")).status_code == 403
        assert client.get(reverse("admin:compliance_rule_delete", args=[notice.pk])).status_code == 403


def _warnings(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]


def test_the_hearing_form_warns_but_saves_a_meeting_announced_too_late(client, data_entry, plan):
    client.force_login(data_entry)
    with translation.override("en"):
        response = client.post(
            reverse("admin:consultations_hearing_add"),
            _hearing_data(plan, PlaceFactory(municipality=plan.municipality), announced_on="2025-09-15"),
        )
    assert response.status_code == 302
    assert Hearing.objects.count() == 1
    assert _warnings(response) == ["Announced 2 days before the start; the minimum standard 2 asks for 7."]


def test_the_hearing_form_warns_about_a_short_written_consultation(client, data_entry, plan):
    client.force_login(data_entry)
    data = _hearing_data(
        plan,
        PlaceFactory(municipality=plan.municipality),
        method=Hearing.Method.WRITTEN,
        ends_at_0="2025-09-27",
        women=None,
        men=None,
        status=Hearing.Status.PLANNED,
    )
    with translation.override("en"):
        response = client.post(reverse("admin:consultations_hearing_add"), data)
    assert response.status_code == 302
    assert _warnings(response) == ["Open for comments 10 days; the minimum standard 3 asks for 15."]


def test_a_meeting_announced_in_time_gets_no_warning(client, data_entry, plan):
    client.force_login(data_entry)
    with translation.override("en"):
        response = client.post(
            reverse("admin:consultations_hearing_add"),
            _hearing_data(plan, PlaceFactory(municipality=plan.municipality)),
        )
    assert response.status_code == 302
    assert _warnings(response) == []
