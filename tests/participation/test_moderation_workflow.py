"""Moderation (participation.moderation) called directly: a comment's request follows the comment's fate."""

import pytest

from participation import moderation
from participation.models import Comment
from register.models import CitizenRequest
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_turning_comments_into_requests_once_in_the_comments_language(written):
    comment = CommentFactory(hearing=written, language="bs", body="Više klupa u parku.")
    spam = CommentFactory(hearing=written, status=Comment.Status.SPAM)

    created, skipped = moderation.turn_into_requests([comment, spam])
    again, skipped_again = moderation.turn_into_requests([comment])

    (citizen_request,) = created
    assert (citizen_request.text, citizen_request.language) == ("Više klupa u parku.", "bs")
    assert citizen_request.received_via == CitizenRequest.Received.ONLINE
    assert citizen_request.directorate_id == written.directorate_id
    assert skipped == [spam]
    assert (again, skipped_again) == ([], [comment])
    assert CitizenRequest.objects.count() == 1


def test_rejecting_a_comment_withholds_and_unpublishes_its_request(written):
    moderator = UserFactory(username="moderatori")
    comment = CommentFactory(hearing=written)
    (citizen_request,), _ = moderation.turn_into_requests([comment])
    CitizenRequest.objects.filter(pk=citizen_request.pk).update(is_public=True)

    assert moderation.moderate([comment], Comment.Status.REJECTED, moderator, "Fyese") == 1

    citizen_request.refresh_from_db()
    comment.refresh_from_db()
    assert (comment.status, comment.rejection_reason, comment.moderated_by) == ("rejected", "Fyese", moderator)
    assert (citizen_request.withheld, citizen_request.is_public) == (True, False)

    moderation.moderate([comment], Comment.Status.PUBLISHED, moderator)
    citizen_request.refresh_from_db()
    assert citizen_request.withheld is False


def test_an_edit_on_the_comment_page_records_the_moderator_and_the_requests_fate(written):
    moderator = UserFactory(username="moderatori")
    comment = CommentFactory(hearing=written)
    (citizen_request,), _ = moderation.turn_into_requests([comment])
    comment.status = Comment.Status.SPAM

    moderation.record_edit(comment, moderator, ["status"])

    assert comment.moderated_by == moderator and comment.moderated_at is not None
    citizen_request.refresh_from_db()
    assert citizen_request.withheld is True
