"""Outgoing mail: the answer stored once with the staff member's change, sent by the worker, retried later.

The `db` fixture runs each test in a transaction that never commits; `django_capture_on_commit_callbacks
(execute=True)` stands for the commit followed by one batch of the mail worker (tests/conftest.py).
"""

import datetime
import io
import smtplib
import socket

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import OutgoingMail
from participation.models import Comment
from register.answers import email_answer_once
from register.models import CitizenRequest
from tests.factories import CitizenRequestFactory, CommentFactory

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.notifications.test_mail.FailingBackend"
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


def test_answer_is_emailed_exactly_once_even_when_called_twice(hearing, django_capture_on_commit_callbacks):
    citizen_request = answered(hearing)

    with django_capture_on_commit_callbacks(execute=True):
        email_answer_once(citizen_request)
        email_answer_once(citizen_request)
        email_answer_once(CitizenRequest.objects.get(pk=citizen_request.pk))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["qytetari@example.org"]
    assert "Do ta rregullojmë." in message.body
    citizen_request.refresh_from_db()
    assert citizen_request.answer_emailed_at is not None


def test_answer_links_are_absolute_with_site_url(hearing, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://konsultime.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        email_answer_once(answered(hearing))
    assert "https://konsultime.example.org/sq/konsultimet/" in mail.outbox[0].body


def test_answer_to_a_comment_follows_the_citizens_language(hearing, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://konsultime.example.org"
    citizen_request = answered(hearing)
    CommentFactory(hearing=hearing, language="en", request=citizen_request)
    with django_capture_on_commit_callbacks(execute=True):
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
def test_no_answer_email_without_an_answer_or_an_address(hearing, fields, django_capture_on_commit_callbacks):
    citizen_request = answered(hearing, **fields)
    with django_capture_on_commit_callbacks(execute=True):
        assert email_answer_once(citizen_request) is None
    assert mail.outbox == []
    assert OutgoingMail.objects.count() == 0


def test_comment_turned_into_a_request_and_answered_reaches_the_commenter(hearing, django_capture_on_commit_callbacks):
    comment = CommentFactory(email="komentuesi@example.org", status=Comment.Status.PUBLISHED)
    from participation.moderation import turn_into_requests

    (citizen_request,), _ = turn_into_requests([comment])
    citizen_request.status = CitizenRequest.Status.ANSWERED
    citizen_request.answer = "Faleminderit."
    citizen_request.answered_via = CitizenRequest.AnswerChannel.EMAIL
    citizen_request.answered_on = timezone.localdate()
    citizen_request.save()

    with django_capture_on_commit_callbacks(execute=True):
        email_answer_once(citizen_request)

    assert [m.to for m in mail.outbox] == [["komentuesi@example.org"]]


def test_failed_send_stays_pending_and_send_pending_mail_sends_it_after_its_back_off(
    hearing, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    citizen_request = answered(hearing)

    with django_capture_on_commit_callbacks(execute=True):
        email_answer_once(citizen_request)  # does not raise; the worker's batch after the commit fails

    stored = OutgoingMail.objects.get()
    assert stored.sent_at is None
    assert stored.attempts == 1
    assert "451 try again later" in stored.last_error
    assert stored.next_attempt_at > timezone.now()
    citizen_request.refresh_from_db()
    assert citizen_request.answer_emailed_at is not None  # queued: never queued twice

    call_command("send_pending_mail", "--limit", "10", stdout=io.StringIO())  # within its back-off: not tried
    stored.refresh_from_db()
    assert stored.attempts == 1

    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    OutgoingMail.objects.filter(pk=stored.pk).update(next_attempt_at=timezone.now())
    call_command("send_pending_mail", stdout=io.StringIO())

    stored.refresh_from_db()
    assert stored.sent_at is not None
    assert stored.attempts == 2
    assert stored.last_error == ""
    assert [m.to for m in mail.outbox] == [["qytetari@example.org"]]
    call_command("send_pending_mail", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_failed_send_does_not_fail_the_staff_members_save(
    client, data_entry, hearing, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    citizen_request = CitizenRequestFactory(hearing=hearing, citizen_email="a@example.org")
    client.force_login(data_entry)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:register_citizenrequest_changelist"),
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
    assert OutgoingMail.objects.get().attempts == 1  # the worker tried after the commit, failed, will retry


def test_the_staff_members_request_only_stores_the_answer_and_never_talks_to_the_mail_server(
    hearing, django_capture_on_commit_callbacks
):
    citizen_request = answered(hearing)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_answer_once(citizen_request)

    for callback in callbacks:
        callback()  # the commit only enqueues the task: the worker sends the message
    assert mail.outbox == []
    stored = OutgoingMail.objects.get()
    assert (stored.sent_at, stored.attempts) == (None, 0)
    citizen_request.refresh_from_db()
    assert citizen_request.answer_emailed_at is not None  # claimed in the same transaction as the row

    call_command("run_worker", batch=True, verbosity=0)
    call_command("send_pending_mail", stdout=io.StringIO())  # run again, it finds the message sent

    assert [m.to for m in mail.outbox] == [["qytetari@example.org"]]
    stored.refresh_from_db()
    assert (stored.sent_at is not None, stored.attempts) == (True, 1)


def test_a_rolled_back_answer_sends_nothing_and_can_be_emailed_later(hearing, django_capture_on_commit_callbacks):
    citizen_request = answered(hearing)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email_answer_once(citizen_request)
        raise RuntimeError("the staff member's save failed after the answer was queued")

    assert callbacks == []
    assert mail.outbox == []
    assert OutgoingMail.objects.count() == 0
    citizen_request = CitizenRequest.objects.get(pk=citizen_request.pk)
    assert citizen_request.answer_emailed_at is None

    with django_capture_on_commit_callbacks(execute=True):
        email_answer_once(citizen_request)

    assert [m.to for m in mail.outbox] == [["qytetari@example.org"]]
    assert OutgoingMail.objects.get().sent_at is not None


def test_admin_send_now_has_the_worker_send_pending_mail_after_the_commit(
    admin_client, municipality, django_capture_on_commit_callbacks
):
    pending = OutgoingMail.objects.create(
        municipality=municipality, to="a@example.org", subject="Tema", body="Teksti", kind=OutgoingMail.Kind.ANSWER
    )
    sent_before = OutgoingMail.objects.create(
        municipality=municipality,
        to="b@example.org",
        subject="Tema",
        body="Teksti",
        kind=OutgoingMail.Kind.ANSWER,
        sent_at=timezone.now(),
    )
    data = {"action": "send_now", "_selected_action": [pending.pk, sent_before.pk]}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(reverse("admin:notifications_outgoingmail_changelist"), data)
    assert response.status_code == 302
    assert mail.outbox == []

    for callback in callbacks:
        callback()
    assert mail.outbox == []  # enqueued for the worker: the page never waits for the mail server
    call_command("run_worker", batch=True, verbosity=0)

    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    pending.refresh_from_db()
    assert pending.sent_at is not None
    assert pending.attempts == 1


def test_send_pending_mail_refuses_a_limit_below_one():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_pending_mail", "--limit", "0")


@pytest.mark.django_db
def test_a_message_another_process_is_sending_is_skipped_not_sent_twice():
    message = OutgoingMail.objects.create(
        to="qytetari@example.org", subject="Përgjigje", body="Po.", kind=OutgoingMail.Kind.ANSWER
    )
    OutgoingMail.objects.filter(pk=message.pk).update(sending_since=timezone.now())

    call_command("send_pending_mail")

    assert mail.outbox == []
    message.refresh_from_db()
    assert (message.sent_at, message.attempts) == (None, 0)


@pytest.mark.django_db
def test_a_send_that_died_long_ago_is_taken_up_again():
    message = OutgoingMail.objects.create(
        to="qytetari@example.org", subject="Përgjigje", body="Po.", kind=OutgoingMail.Kind.ANSWER
    )
    OutgoingMail.objects.filter(pk=message.pk).update(sending_since=timezone.now() - datetime.timedelta(hours=1))

    call_command("send_pending_mail")

    assert [sent.to for sent in mail.outbox] == [["qytetari@example.org"]]
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.sending_since is None


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_mail_server():
    """A local port that accepts connections but never answers, like a mail server that hangs."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def test_smtp_refusing_connections_charges_no_attempt_fails_the_command_and_the_retry_sends_it(
    hearing, settings, caplog
):
    from django.core.management.base import CommandError

    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    email_answer_once(answered(hearing))

    with pytest.raises(CommandError) as error:
        call_command("send_pending_mail", stdout=io.StringIO())
    assert error.value.returncode == 1  # cron and systemd see the failure
    stored = OutgoingMail.objects.get()
    assert (stored.sent_at, stored.sending_since, stored.attempts) == (None, None, 0)
    assert "The mail server is unavailable, 1 messages wait: ConnectionRefusedError" in caplog.text

    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    out = io.StringIO()
    with translation.override("en"):
        call_command("send_pending_mail", stdout=out)

    assert [m.to for m in mail.outbox] == [["qytetari@example.org"]]
    assert out.getvalue().startswith("Sent 1, failed 0")


def test_a_mail_server_that_never_answers_fails_the_batch_after_email_timeout(hearing, settings, silent_mail_server):
    from notifications.sending import send_pending

    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent_mail_server
    settings.EMAIL_TIMEOUT = 1
    email_answer_once(answered(hearing))

    result = send_pending()

    # The socket timeout, not the test runner, ended the wait (how long it takes is for benchmarks).
    assert "timed out" in result.server_error
    stored = OutgoingMail.objects.get()
    assert (stored.sent_at, stored.sending_since, stored.attempts) == (None, None, 0)


class InterruptedBackend(BaseEmailBackend):
    """A backend whose send is cut short by the process being stopped (gunicorn's worker timeout)."""

    def send_messages(self, email_messages):
        raise SystemExit(1)


def test_a_send_cut_short_by_the_process_stopping_releases_its_claim(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.InterruptedBackend"
    message = OutgoingMail.objects.create(
        to="qytetari@example.org", subject="Përgjigje", body="Po.", kind=OutgoingMail.Kind.ANSWER
    )

    with pytest.raises(SystemExit):
        call_command("send_pending_mail")

    message.refresh_from_db()
    assert (message.sent_at, message.sending_since, message.attempts) == (None, None, 1)
    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    call_command("send_pending_mail")
    assert [m.to for m in mail.outbox] == [["qytetari@example.org"]]


def test_answers_saved_while_the_mail_server_is_down_wait_untried_then_all_go_out(hearing, settings):
    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    for n in range(3):
        email_answer_once(answered(hearing, citizen_email=f"qytetari{n}@example.org"))

    assert sorted(OutgoingMail.objects.values_list("attempts", flat=True)) == [0, 0, 0]

    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    call_command("send_pending_mail", stdout=io.StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == [f"qytetari{n}@example.org" for n in range(3)]
