"""Every staff change is in the history: who changed which field from what to what."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation.models import Comment
from tests.consultations.test_admin import _hearing_data, _url
from tests.factories import HearingFactory, PlaceFactory


@pytest.fixture
def gurrakoc(plan):
    place = PlaceFactory(municipality=plan.municipality, name="Gurrakoc")
    return HearingFactory(plan=plan, place=place, women=21, men=15)


def test_changing_women_through_the_admin_records_the_user_and_both_values(client, data_entry, gurrakoc):
    client.force_login(data_entry)

    response = client.post(
        _url("hearing_change", gurrakoc.pk), _hearing_data(gurrakoc.plan, gurrakoc.place, women="19")
    )

    assert response.status_code == 302
    latest, previous = gurrakoc.history.order_by("-history_id")[:2]
    assert latest.history_user == data_entry
    delta = latest.diff_against(previous)
    women = next(change for change in delta.changes if change.field == "women")
    assert (women.old, women.new) == (21, 19)


def test_the_history_page_shows_the_change_in_the_users_language(client, data_entry, gurrakoc):
    client.force_login(data_entry)
    client.post(_url("hearing_change", gurrakoc.pk), _hearing_data(gurrakoc.plan, gurrakoc.place, women="19"))

    html = client.get(_url("hearing_history", gurrakoc.pk)).content.decode()

    assert data_entry.username in html
    assert "21" in html and "19" in html
    assert "Women" in html


def test_retention_never_deletes_history_rows(db, hearing):
    old = timezone.now() - datetime.timedelta(days=4000)
    comment = Comment.objects.create(
        hearing=hearing, body="Blej ora lirë këtu", consent=True, status=Comment.Status.SPAM, created_at=old
    )
    before = hearing.history.count()

    call_command("purge_old_records", "--days", "30", verbosity=0)

    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert Comment.history.filter(id=comment.pk).exists()
    assert hearing.history.count() == before
    assert "Blej ora" not in str(Comment.history.filter(id=comment.pk).values())
