"""Moderating comments in the admin as a Data entry user, and turning them into requests."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from participation.models import Comment
from register.models import CitizenRequest
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:participation_comment_changelist"


def run_action(client, action, comments, **extra):
    data = {"action": action, "_selected_action": [c.pk for c in comments], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_data_entry_sees_the_queue_with_pending_comments_first(client, data_entry):
    published = CommentFactory(status=Comment.Status.PUBLISHED, body="I publikuar")
    pending = CommentFactory(hearing=published.hearing, body="Në pritje")
    client.force_login(data_entry)

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [pending, published]


def test_publish_action_publishes_and_records_the_moderator(client, data_entry):
    comment = CommentFactory()
    client.force_login(data_entry)

    response = run_action(client, "publish_comments", [comment])

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.moderated_by == data_entry
    assert comment.moderated_at is not None


def test_mark_as_spam_action(client, data_entry):
    comment = CommentFactory()
    client.force_login(data_entry)
    run_action(client, "mark_as_spam", [comment])
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


def test_reject_action_asks_for_a_reason_then_rejects(client, data_entry):
    comments = [CommentFactory(), CommentFactory()]
    client.force_login(data_entry)

    form_page = run_action(client, "reject_comments", comments)
    assert form_page.status_code == 200
    assert "admin/intermediate_action.html" in [t.name for t in form_page.templates]

    no_reason = run_action(client, "reject_comments", comments, apply="1", reason="")
    assert no_reason.status_code == 200
    assert "reason" in no_reason.context["form"].errors
    assert Comment.objects.filter(status=Comment.Status.REJECTED).count() == 0

    done = run_action(client, "reject_comments", comments, apply="1", reason="Jashtë temës")
    assert done.status_code == 302
    assert set(Comment.objects.values_list("status", "rejection_reason")) == {(Comment.Status.REJECTED, "Jashtë temës")}


def test_staff_without_group_cannot_moderate(client, plain_staff):
    comment = CommentFactory()
    client.force_login(plain_staff)
    response = run_action(client, "publish_comments", [comment])
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_turn_into_request_creates_exactly_one_request_with_the_comments_data(client, data_entry):
    created_at = timezone.now() - datetime.timedelta(days=3)
    comment = CommentFactory(created_at=created_at, name="Besa", email="besa@example.org", body="Më shumë drita")
    client.force_login(data_entry)

    run_action(client, "turn_into_request", [comment])
    run_action(client, "turn_into_request", [comment])

    citizen_request = CitizenRequest.objects.get()
    assert citizen_request.received_via == CitizenRequest.Received.ONLINE
    assert citizen_request.text == "Më shumë drita"
    assert citizen_request.hearing == comment.hearing
    assert citizen_request.citizen_name == "Besa"
    assert citizen_request.citizen_email == "besa@example.org"
    assert citizen_request.received_on == timezone.localdate(created_at)
    assert citizen_request.status == CitizenRequest.Status.OPEN
    comment.refresh_from_db()
    assert comment.request == citizen_request


def test_turning_an_already_turned_comment_says_it_was_skipped(client, data_entry):
    comment = CommentFactory()
    client.force_login(data_entry)
    run_action(client, "turn_into_request", [comment])

    response = client.post(
        reverse(CHANGELIST),
        {"action": "turn_into_request", "_selected_action": [comment.pk]},
        follow=True,
    )

    assert CitizenRequest.objects.count() == 1
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert f"#{comment.pk}" in warnings[0]


def test_rejected_and_spam_comments_are_not_turned_into_requests_and_are_named(client, data_entry):
    rejected = CommentFactory(status=Comment.Status.REJECTED, rejection_reason="Fyese", body="Komenti i refuzuar")
    spam = CommentFactory(hearing=rejected.hearing, status=Comment.Status.SPAM, body="Reklama")
    pending = CommentFactory(hearing=rejected.hearing, body="Në pritje")
    client.force_login(data_entry)

    with translation.override("en"):  # the messages in English, whatever the catalogs say
        changelist = reverse(CHANGELIST)
    response = client.post(
        changelist,
        {"action": "turn_into_request", "_selected_action": [rejected.pk, spam.pk, pending.pk]},
        follow=True,
    )

    assert list(CitizenRequest.objects.values_list("text", flat=True)) == ["Në pritje"]
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        f"Skipped, because the comment was rejected or marked as spam: “Komenti i refuzuar” (#{rejected.pk}); "
        f"“Reklama” (#{spam.pk})"
    ]


def test_a_request_made_from_a_comment_takes_the_consultations_directorate(client, data_entry):
    from tests.factories import DirectorateFactory

    comment = CommentFactory()
    directorate = DirectorateFactory(municipality=comment.hearing.plan.municipality)
    comment.hearing.directorate = directorate
    comment.hearing.save()
    client.force_login(data_entry)
    run_action(client, "turn_into_request", [comment])
    assert CitizenRequest.objects.get().directorate == directorate
