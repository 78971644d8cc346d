"""The staff overview: who may see it, what it lists, and in how many queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Hearing
from tests.factories import CitizenRequestFactory, HearingFactory
from tests.participation.factories import CommentFactory

pytestmark = pytest.mark.django_db

URL = "participation:staff-overview"


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize(("user_fixture", "status"), [("plain_staff", 403), ("data_entry", 200), ("officer", 200)])
def test_permission_matrix(client, request, user_fixture, status):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse(URL)).status_code == status


def test_lists_overdue_requests_held_hearings_without_attendance_and_pending_comments(client, officer, plan, settings):
    settings.UNANSWERED_AFTER_DAYS = 15
    today = timezone.localdate()
    held = HearingFactory(plan=plan)
    overdue = CitizenRequestFactory(hearing=held, received_on=today - datetime.timedelta(days=16), topic="E vonuar")
    CitizenRequestFactory(hearing=held, received_on=today - datetime.timedelta(days=14), topic="Ende në kohë")
    CitizenRequestFactory(
        hearing=held,
        received_on=today - datetime.timedelta(days=40),
        status="answered",
        answer="Po",
        answered_via="spot",
        answered_on=today,
    )
    no_attendance = HearingFactory(plan=plan, women=None, men=None)
    HearingFactory(plan=plan, women=0, men=None)  # attendance recorded (zero women)
    HearingFactory(plan=plan, status=Hearing.Status.CANCELLED, women=None, men=None)
    pending = CommentFactory()
    CommentFactory(hearing=pending.hearing, status="published")
    client.force_login(officer)

    response = client.get(reverse(URL))

    assert response.context["overdue"] == [overdue]
    assert response.context["no_attendance"] == [no_attendance]
    assert response.context["pending"] == [pending]
    content = response.content.decode()
    assert reverse("admin:participation_comment_change", args=[pending.pk]) in content
    assert reverse("admin:consultations_citizenrequest_change", args=[overdue.pk]) in content


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(URL)).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_lists(client, officer, plan):
    old = timezone.localdate() - datetime.timedelta(days=60)
    HearingFactory(plan=plan, women=None, men=None)
    CitizenRequestFactory(hearing=HearingFactory(plan=plan), received_on=old)
    CommentFactory()
    client.force_login(officer)
    few = count_queries(client)

    for _ in range(4):
        HearingFactory(plan=plan, women=None, men=None)
        CitizenRequestFactory(hearing=HearingFactory(plan=plan), received_on=old)
        CommentFactory()
    assert count_queries(client) == few
