"""The participation admin pages and the groups' permissions from the data migration."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from municipalities import roles
from notifications.models import OutgoingMail
from participation.models import Refusal
from tests.factories import CommentFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:participation_comment_changelist",
    "admin:participation_refusal_changelist",
    "admin:notifications_outgoingmail_changelist",
    "admin:notifications_subscriber_changelist",
    "admin:notifications_notifiedhearing_changelist",
    "admin:register_citizenrequest_changelist",
]


def test_migration_gives_both_groups_participations_permissions():
    data_entry = set(Group.objects.get(name=roles.DATA_ENTRY).permissions.values_list("codename", flat=True))
    officer = set(Group.objects.get(name=roles.OFFICER).permissions.values_list("codename", flat=True))
    assert {"change_comment", "view_comment"} <= data_entry
    assert "view_refusal" not in data_entry
    assert {"view_refusal", "view_subscriber", "view_outgoingmail", "change_comment"} <= officer


@pytest.mark.parametrize("page", PAGES)
def test_officer_sees_every_participation_page(client, officer, page):
    CommentFactory()
    SubscriberFactory()
    Refusal.objects.create(reason=Refusal.Reason.HONEYPOT, client_hash="a" * 64, path="/sq/komento/1/")
    OutgoingMail.objects.create(to="a@example.org", subject="Tema", body="Teksti", kind=OutgoingMail.Kind.ANSWER)
    client.force_login(officer)
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize(
    ("page", "status"),
    [
        ("admin:participation_comment_changelist", 200),
        ("admin:register_citizenrequest_changelist", 200),
        ("admin:participation_refusal_changelist", 403),
        ("admin:notifications_outgoingmail_changelist", 403),
        ("admin:notifications_subscriber_changelist", 403),
    ],
)
def test_data_entry_moderates_but_does_not_see_logs_or_addresses(client, data_entry, page, status):
    client.force_login(data_entry)
    assert client.get(reverse(page)).status_code == status


def test_comment_change_page_renders_the_citizens_text_read_only(client, data_entry):
    comment = CommentFactory(body="<b>Teksti</b>")
    client.force_login(data_entry)
    response = client.get(reverse("admin:participation_comment_change", args=[comment.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "&lt;b&gt;Teksti&lt;/b&gt;" in content
    assert 'name="body"' not in content


def test_rejecting_in_the_change_form_needs_a_reason(client, data_entry):
    comment = CommentFactory()
    client.force_login(data_entry)
    url = reverse("admin:participation_comment_change", args=[comment.pk])
    response = client.post(url, {"status": "rejected", "rejection_reason": ""})
    assert response.status_code == 200
    assert "rejection_reason" in response.context["adminform"].form.errors
    response = client.post(url, {"status": "rejected", "rejection_reason": "Fyese"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert comment.moderated_by == data_entry
