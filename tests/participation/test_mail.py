"""Outgoing mail: the answer emailed once, failures left pending and sent again later."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from consultations.models import CitizenRequest
from participation.answers import email_answer_once
from participation.models import Comment, OutgoingMail
from tests.factories import CitizenRequestFactory
from tests.participation.factories import CommentFactory

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.participation.test_mail.FailingBackend"
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


class FailingBackend(BaseEmailBackend):
    """An email backend whose SMTP server refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 try again later")


def answered(hearing, **fields) -> CitizenRequest:
    values = {
        "status": CitizenRequest.Status.ACCEPTED,
        "answer": "Do ta rregullojmë.",
        "answered_via": CitizenRequest.AnswerChannel.EMAIL,
        "answered_on": datetime.date(2025, 3, 20),
        "citizen_email": "qytetari@example.org",
    }
    values.update(fields)
    return CitizenRequestFactory(hearing=hearing, **values)


def test_answer_is_emailed_exactly_once_even_when_called_twice(hearing):
    citizen_request = answered(hearing)

    email_answer_once(citizen_request)
    email_answer_once(citizen_request)
    email_answer_once(CitizenRequest.objects.get(pk=citizen_request.pk))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["qytetari@example.org"]
    assert "Do ta rregullojmë." in message.body
    citizen_request.refresh_from_db()
    assert citizen_request.answer_emailed_at is not None


def test_answer_links_are_absolute_with_site_url(hearing, settings):
    settings.SITE_URL = "https://konsultime.example.org"
    email_answer_once(answered(hearing))
    assert "https://konsultime.example.org/sq/konsultimet/" in mail.outbox[0].body


def test_answer_to_a_comment_follows_the_citizens_language(hearing, settings):
    settings.SITE_URL = "https://konsultime.example.org"
    citizen_request = answered(hearing)
    CommentFactory(hearing=hearing, language="en", request=citizen_request)
    email_answer_once(CitizenRequest.objects.get(pk=citizen_request.pk))
    assert "https://konsultime.example.org/en/konsultimet/" in mail.outbox[0].body


@pytest.mark.parametrize(
    "fields",
    [
        {"status": CitizenRequest.Status.OPEN, "answer": "", "answered_via": "", "answered_on": None},
        {"citizen_email": ""},
    ],
    ids=["open", "no-address"],
)
def test_no_answer_email_without_an_answer_or_an_address(hearing, fields):
    citizen_request = answered(hearing, **fields)
    assert email_answer_once(citizen_request) is None
    assert mail.outbox == []
    assert OutgoingMail.objects.count() == 0


def test_comment_turned_into_a_request_and_answered_reaches_the_commenter(hearing):
    comment = CommentFactory(email="komentuesi@example.org", status=Comment.Status.PUBLISHED)
    from participation.admin import turn_comments_into_requests

    (citizen_request,), _ = turn_comments_into_requests([comment])
    citizen_request.status = CitizenRequest.Status.ANSWERED
    citizen_request.answer = "Faleminderit."
    citizen_request.answered_via = CitizenRequest.AnswerChannel.EMAIL
    citizen_request.answered_on = timezone.localdate()
    citizen_request.save()

    email_answer_once(citizen_request)

    assert [m.to for m in mail.outbox] == [["komentuesi@example.org"]]


def test_failed_send_stays_pending_and_send_pending_mail_sends_it_later(hearing, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    citizen_request = answered(hearing)

    email_answer_once(citizen_request)  # does not raise

    stored = OutgoingMail.objects.get()
    assert stored.sent_at is None
    assert stored.attempts == 1
    assert "451 try again later" in stored.last_error
    citizen_request.refresh_from_db()
    assert citizen_request.answer_emailed_at is not None  # queued: never queued twice

    call_command("send_pending_mail", "--limit", "10")  # still failing
    stored.refresh_from_db()
    assert stored.attempts == 2
    assert stored.sent_at is None

    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    call_command("send_pending_mail")

    stored.refresh_from_db()
    assert stored.sent_at is not None
    assert stored.attempts == 3
    assert stored.last_error == ""
    assert [m.to for m in mail.outbox] == [["qytetari@example.org"]]
    call_command("send_pending_mail")
    assert len(mail.outbox) == 1


def test_failed_send_does_not_fail_the_staff_members_save(client, data_entry, hearing, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    from django.urls import reverse

    citizen_request = CitizenRequestFactory(hearing=hearing, citizen_email="a@example.org")
    client.force_login(data_entry)
    response = client.post(
        reverse("admin:consultations_citizenrequest_changelist"),
        {
            "action": "answer_with_same_text",
            "_selected_action": [citizen_request.pk],
            "apply": "1",
            "status": CitizenRequest.Status.ANSWERED,
            "answered_via": CitizenRequest.AnswerChannel.EMAIL,
            "answered_on": "2025-03-20",
            "answer": "Po.",
        },
    )
    assert response.status_code == 302
    citizen_request.refresh_from_db()
    assert citizen_request.status == CitizenRequest.Status.ANSWERED
    assert OutgoingMail.objects.pending().count() == 1


def test_send_pending_mail_refuses_a_limit_below_one():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_pending_mail", "--limit", "0")
