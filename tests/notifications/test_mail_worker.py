"""The mail worker against a real SMTP server: per-message back-off, 5xx fails at once, one connection per batch."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notifications.mail import queue_mail
from notifications.models import OutgoingMail
from notifications.sending import backoff, send_mail, send_now, send_pending

pytestmark = pytest.mark.django_db


def queued(*addresses: str) -> list[OutgoingMail]:
    return [queue_mail(address, f"Për {address}", "Përshëndetje.", OutgoingMail.Kind.ANSWER) for address in addresses]


def test_one_batch_sends_over_one_connection_and_a_refused_recipient_does_not_stop_the_others(smtp_server):
    first, refused, busy, last = queued(
        "arta@example.org", "refused@example.org", "busy@example.org", "besnik@example.org"
    )

    result = send_pending()

    assert (result.sent, result.refused, result.failed) == (2, 1, 1)
    assert smtp_server.delivered_to == ["arta@example.org", "besnik@example.org"]
    assert len(smtp_server.sessions) == 1
    for mail in (first, refused, busy, last):
        mail.refresh_from_db()
    assert first.sent_at and last.sent_at
    assert (refused.dropped_reason, refused.attempts, refused.sent_at) == (OutgoingMail.DropReason.REFUSED, 1, None)
    assert "550" in refused.last_error
    assert busy.dropped_at is None and busy.attempts == 1 and "451" in busy.last_error
    assert busy.next_attempt_at == pytest.approx(
        timezone.now() + datetime.timedelta(minutes=1), abs=datetime.timedelta(seconds=30)
    )


def test_a_permanently_refused_message_is_never_tried_again(smtp_server):
    (refused,) = queued("refused@example.org")
    send_pending()
    send_pending()
    refused.refresh_from_db()
    assert refused.attempts == 1
    assert smtp_server.refused == ["refused@example.org"]


def test_a_temporarily_refused_message_waits_for_its_own_back_off_while_new_mail_goes_out(smtp_server):
    (busy,) = queued("busy@example.org")
    send_pending()
    queued("drita@example.org")

    result = send_pending()

    assert result.sent == 1 and result.failed == 0
    assert smtp_server.refused == ["busy@example.org"]  # not asked again yet
    assert smtp_server.delivered_to == ["drita@example.org"]

    OutgoingMail.objects.filter(pk=busy.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    send_pending()
    busy.refresh_from_db()
    assert busy.attempts == 2
    assert busy.next_attempt_at > timezone.now() + datetime.timedelta(seconds=90)  # two minutes now


def test_the_back_off_doubles_up_to_six_hours():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(30) == datetime.timedelta(hours=6)


def test_attempts_are_counted_in_the_database_not_from_a_stale_copy(smtp_server):
    (busy,) = queued("busy@example.org")
    OutgoingMail.objects.filter(pk=busy.pk).update(attempts=3)  # another worker's attempts meanwhile

    send_pending()

    busy.refresh_from_db()
    assert busy.attempts == 4


def test_a_message_another_worker_is_sending_is_skipped(smtp_server):
    (mail,) = queued("arta@example.org")
    OutgoingMail.objects.filter(pk=mail.pk).update(sending_since=timezone.now())
    assert send_pending().skipped == 1
    assert smtp_server.messages == []


def test_the_command_exits_non_zero_when_a_message_failed(smtp_server):
    queued("arta@example.org", "refused@example.org")
    with pytest.raises(CommandError) as error:
        call_command("send_pending_mail", verbosity=0)
    assert error.value.returncode == 1
    assert smtp_server.delivered_to == ["arta@example.org"]


def test_the_command_exits_zero_when_everything_went_out(smtp_server, capsys):
    queued("arta@example.org")
    call_command("send_pending_mail")
    assert smtp_server.delivered_to == ["arta@example.org"]


def test_with_the_server_down_nothing_is_charged_and_the_command_fails(closed_smtp_port):
    (mail,) = queued("arta@example.org")

    result = send_pending()
    assert result.server_error and result.left == 1
    mail.refresh_from_db()
    assert (mail.attempts, mail.sent_at) == (0, None)
    with pytest.raises(CommandError):
        call_command("send_pending_mail", verbosity=0)


def test_the_task_worker_sends_the_mail_tasks_and_survives_a_server_outage(settings, smtp_server):
    (arta,) = queued("arta@example.org")
    send_mail.enqueue([arta.pk])
    call_command("run_worker", batch=True, verbosity=0)
    assert smtp_server.delivered_to == ["arta@example.org"]

    settings.EMAIL_PORT = 1  # nothing listens there
    (besnik,) = queued("besnik@example.org")
    result = send_mail.enqueue([besnik.pk])
    call_command("run_worker", batch=True, verbosity=0)  # no exception

    besnik.refresh_from_db()
    assert (besnik.sent_at, besnik.attempts) == (None, 0)  # left for the periodic send_due_mail
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["left"] == 1 and result.return_value["server_error"]


def test_a_message_is_sent_by_the_task_enqueued_when_its_transaction_commits(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        queued("arta@example.org")
    assert DBTaskResult.objects.count() == 0  # nothing before the commit: a rollback enqueues nothing

    for callback in callbacks:
        callback()
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "notifications.sending.send_mail"
    call_command("run_worker", batch=True, verbosity=0)

    assert smtp_server.delivered_to == ["arta@example.org"]


def test_the_mail_task_skips_a_message_already_sent_by_another(smtp_server):
    (arta,) = queued("arta@example.org")
    assert send_mail.call([arta.pk]) == {"sent": 1}
    assert send_mail.call([arta.pk]) == {}  # no longer due: not sent twice
    assert smtp_server.delivered_to == ["arta@example.org"]


def test_send_now_ignores_the_back_off_but_not_a_permanent_refusal(smtp_server):
    busy, refused = queued("busy@example.org", "refused@example.org")
    send_pending()

    result = send_now([busy.pk, refused.pk])

    assert result.failed == 1 and result.refused == 0
    busy.refresh_from_db()
    refused.refresh_from_db()
    assert busy.attempts == 2
    assert refused.attempts == 1


def test_send_now_starts_no_message_once_its_time_budget_is_spent(smtp_server):
    mails = queued("arta@example.org", "besnik@example.org")
    result = send_now([mail.pk for mail in mails], seconds=0)
    assert (result.sent, result.left) == (0, 2)
    assert smtp_server.messages == []
