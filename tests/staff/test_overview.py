"""The staff overview: who may see it, what it lists, and in how many queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Hearing
from municipalities import roles
from municipalities.models import Membership
from tests.factories import CitizenRequestFactory, CommentFactory, HearingFactory

pytestmark = pytest.mark.django_db

URL = "staff:overview"


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
    assert reverse("admin:register_citizenrequest_change", args=[overdue.pk]) in content


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


def user_with(*codenames: str, is_staff: bool = True):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(is_staff=is_staff)
    for codename in codenames:
        app_label, name = codename.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=name))
    return user


@pytest.fixture
def one_of_each(plan):
    """An overdue request, a held hearing without attendance and a comment awaiting moderation."""
    old = timezone.localdate() - datetime.timedelta(days=60)
    return {
        "overdue": CitizenRequestFactory(hearing=HearingFactory(plan=plan), received_on=old, topic="E vonuar"),
        "no_attendance": HearingFactory(plan=plan, women=None, men=None, title="Pa pjesëmarrje"),
        "pending": CommentFactory(body="Në pritje të moderimit"),
    }


@pytest.mark.parametrize(
    ("codename", "section"),
    [
        ("register.view_citizenrequest", "overdue"),
        ("consultations.view_hearing", "no_attendance"),
        ("participation.view_comment", "pending"),
    ],
)
def test_each_section_is_shown_only_with_its_view_permission(client, one_of_each, codename, section):
    client.force_login(user_with(codename))

    response = client.get(reverse(URL))

    assert response.status_code == 200
    shown = {name for name in one_of_each if f"show_{name}" in response.context}
    assert shown == {section}
    assert response.context[section] == [one_of_each[section]]
    headings = {"overdue": "overdue-heading", "no_attendance": "attendance-heading", "pending": "pending-heading"}
    content = response.content.decode()
    assert [name for name, heading in headings.items() if heading in content] == [section]


def test_staff_see_links_to_the_admin_and_others_only_the_lists(client, one_of_each):
    permissions = ("register.view_citizenrequest", "consultations.view_hearing", "participation.view_comment")
    links = [
        reverse("admin:register_citizenrequest_change", args=[one_of_each["overdue"].pk]),
        reverse("admin:consultations_hearing_change", args=[one_of_each["no_attendance"].pk]),
        reverse("admin:participation_comment_change", args=[one_of_each["pending"].pk]),
    ]
    staff, not_staff = user_with(*permissions), user_with(*permissions, is_staff=False)
    # Staff of this municipality (a role here), whose admin the links lead to.
    Membership.objects.create(user=staff, municipality=one_of_each["overdue"].municipality, role=roles.DATA_ENTRY)

    client.force_login(staff)
    staff_page = client.get(reverse(URL)).content.decode()
    client.force_login(not_staff)
    other_page = client.get(reverse(URL)).content.decode()

    for link in links:
        assert link in staff_page
        assert client.get(link).status_code == 302  # the admin sends a non-staff user to its login
        assert link not in other_page
    assert "E vonuar" in other_page
    assert "Pa pjesëmarrje" in other_page
    assert "Në pritje të moderimit" in other_page


def test_a_user_without_any_of_the_view_permissions_is_refused(client, db):
    client.force_login(user_with("consultations.view_place"))
    assert client.get(reverse(URL)).status_code == 403


def test_the_admin_index_links_to_the_overview_for_staff_who_may_see_it(client, data_entry, plain_staff):
    overview = reverse("staff:overview")
    client.force_login(data_entry)
    assert f'href="{overview}"' in client.get(reverse("admin:index")).content.decode()
    client.force_login(plain_staff)
    assert f'href="{overview}"' not in client.get(reverse("admin:index")).content.decode()


def test_the_overview_links_back_to_the_admin(client, data_entry):
    client.force_login(data_entry)
    assert f'href="{reverse("admin:index")}"' in client.get(reverse("staff:overview")).content.decode()
