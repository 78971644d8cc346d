"""Women and men typed straight into the hearings list, for held hearings only, validated as in the form."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from consultations.models import ATTENDANCE_MAX, Hearing
from tests.factories import HearingFactory


def _list_url() -> str:
    with translation.override("en"):
        return reverse("admin:consultations_hearing_changelist")


def _post_rows(client, hearings: list[Hearing], values: dict[int, tuple[str, str]]):
    """Post the changelist form as the Save button does, one row per hearing in the list's order."""
    data = {
        "form-TOTAL_FORMS": str(len(hearings)),
        "form-INITIAL_FORMS": str(len(hearings)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, hearing in enumerate(hearings):
        women, men = values.get(hearing.pk, ("", ""))
        data.update({f"form-{index}-id": str(hearing.pk), f"form-{index}-women": women, f"form-{index}-men": men})
    return client.post(_list_url(), data)


def _in_list_order(*hearings: Hearing) -> list[Hearing]:
    return list(Hearing.objects.filter(pk__in=[h.pk for h in hearings]).order_by("-starts_at", "-pk"))


@pytest.mark.django_db
def test_data_entry_types_attendance_into_the_list_for_a_held_hearing(client, data_entry, plan):
    held = HearingFactory(plan=plan, women=None, men=None)
    client.force_login(data_entry)
    response = _post_rows(client, [held], {held.pk: ("12", "30")})
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.women, held.men) == (12, 30)


def _input(html: str, label: str) -> str:
    """The <input> tag carrying this aria-label."""
    match = re.search(rf'<input [^>]*aria-label="{re.escape(label)}"[^>]*>', html)
    assert match, f"No input labelled {label!r}"
    return match.group(0)


@pytest.mark.django_db
def test_the_list_offers_attendance_inputs_only_on_held_hearings(client, data_entry, plan):
    HearingFactory(plan=plan, title="Mbajtur")
    HearingFactory(upcoming=True, title="Ardhshëm")
    client.force_login(data_entry)
    html = client.get(_list_url()).content.decode()
    for field in ("Women", "Men"):
        assert " disabled" not in _input(html, f"{field}: Mbajtur")
        # The upcoming hearing's inputs are disabled: a browser posts nothing for them.
        assert " disabled" in _input(html, f"{field}: Ardhshëm")


@pytest.mark.django_db
def test_attendance_posted_for_an_upcoming_hearing_is_ignored(client, data_entry, plan):
    upcoming = HearingFactory(upcoming=True)
    client.force_login(data_entry)
    _post_rows(client, [upcoming], {upcoming.pk: ("5", "5")})
    upcoming.refresh_from_db()
    assert (upcoming.women, upcoming.men) == (None, None)


@pytest.mark.django_db
def test_a_typed_extra_zero_is_refused_with_the_forms_message_and_nothing_saved(client, data_entry, plan):
    held = HearingFactory(plan=plan, women=3, men=4)
    client.force_login(data_entry)
    response = _post_rows(client, [held], {held.pk: (str(ATTENDANCE_MAX + 1), "4")})
    assert response.status_code == 200
    assert response.context["cl"].formset.errors[0]["women"]
    held.refresh_from_db()
    assert (held.women, held.men) == (3, 4)
