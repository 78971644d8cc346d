"""A citizen whose comment is rejected is told why by email, once, in the language they wrote in."""

import pytest
from django.urls import reverse

from notifications.models import OutgoingMail
from notifications.sending import send_pending
from participation import moderation
from participation.models import Comment
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def reject_in_the_queue(client, comments, reason):
    data = {"action": "reject_comments", "_selected_action": [c.pk for c in comments], "apply": "1", "reason": reason}
    return client.post(reverse("admin:participation_comment_changelist"), data)


def test_rejecting_a_comment_emails_the_reason_in_the_citizens_language_once(client, data_entry, written, smtp_server):
    comment = CommentFactory(hearing=written, language="bs", name="Emina", email="emina@example.org")
    client.force_login(data_entry)

    assert reject_in_the_queue(client, [comment], "Komentar nije o ovoj temi.").status_code == 302
    assert reject_in_the_queue(client, [comment], "Komentar nije o ovoj temi.").status_code == 302

    (mail,) = OutgoingMail.objects.all()
    assert (mail.to, mail.kind) == ("emina@example.org", OutgoingMail.Kind.COMMENT_REJECTED)
    assert mail.subject == f"Vaš komentar nije objavljen: {written.title_bs or written.title}"
    assert mail.body.startswith("Poštovani/poštovana Emina,\n")
    assert "Razlog odbijanja:\nKomentar nije o ovoj temi.\n" in mail.body
    assert f"Napisali ste:\n{comment.body}\n" in mail.body
    comment.refresh_from_db()
    assert comment.rejection_emailed_at is not None

    send_pending()
    assert smtp_server.delivered_to == ["emina@example.org"]


def test_rejecting_on_the_comment_page_emails_the_citizen_too(client, data_entry, written):
    comment = CommentFactory(hearing=written, language="sq", name="", email="arta@example.org")
    client.force_login(data_entry)
    url = reverse("admin:participation_comment_change", args=[comment.pk])

    response = client.post(url, {"status": "rejected", "rejection_reason": "Gjuhë fyese."})

    assert response.status_code == 302
    (mail,) = OutgoingMail.objects.filter(kind=OutgoingMail.Kind.COMMENT_REJECTED)
    assert mail.subject == f"Komenti juaj nuk u publikua: {written.title}"
    assert mail.body.startswith("I/E nderuar qytetar/e,\n")
    assert "Arsyeja e refuzimit:\nGjuhë fyese.\n" in mail.body


def test_no_email_without_an_address_nor_for_publishing_or_spam(written):
    moderator = UserFactory(username="moderatori")
    anonymous = CommentFactory(hearing=written, email="")
    published = CommentFactory(hearing=written)
    spam = CommentFactory(hearing=written)

    moderation.moderate([anonymous], Comment.Status.REJECTED, moderator, "Jashtë temës")
    moderation.moderate([published], Comment.Status.PUBLISHED, moderator)
    moderation.moderate([spam], Comment.Status.SPAM, moderator)

    assert OutgoingMail.objects.count() == 0


def test_a_comment_rejected_again_after_being_published_is_not_emailed_twice(written):
    moderator = UserFactory(username="moderatori")
    comment = CommentFactory(hearing=written, language="sr-latn")

    moderation.moderate([comment], Comment.Status.REJECTED, moderator, "Uvredljivo")
    moderation.moderate([comment], Comment.Status.PUBLISHED, moderator)
    moderation.moderate([comment], Comment.Status.REJECTED, moderator, "Uvredljivo")

    (mail,) = OutgoingMail.objects.all()
    assert mail.subject.startswith("Vaš komentar nije objavljen: ")
