"""Sending the stored mail, outside any citizen's or staff member's request.

Requests only store messages (mail.py: `deliver`) and, once their transaction commits, enqueue the task
`send_mail` for them; the task worker (`manage.py run_worker`) runs it. The worker's periodic job
`send_due_mail` (every MAIL_WORKER_INTERVAL seconds, also a task) sends what waited for its back-off or
was left by a batch that stopped early. The OutgoingMail rows stay the record (the admin's mail queue);
the tasks are only how sending is scheduled, so there is one mechanism. The rules:

- one SMTP connection per batch; a batch is bounded by a number of messages and by a time budget,
  so that the admin's "send now" never holds a gunicorn worker past its timeout;
- each message has its own back-off after a temporary failure (4xx, a dropped connection):
  one refused recipient never pauses the others' mail;
- a permanent refusal (5xx for the recipient or the message) fails that message at once, without
  retries;
- attempts are counted in the database with one conditional UPDATE that also claims the message,
  so two workers never send it twice and a worker killed mid-send still leaves the attempt counted.
"""

from __future__ import annotations

import datetime
import enum
import logging
import smtplib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from municipalities.scoping import every_municipality

from .messages import build_message
from .models import OutgoingMail, Subscriber

logger = logging.getLogger(__name__)

# After this many attempts a message that still fails is left for staff to look at in the admin.
MAX_ATTEMPTS = 10
# A send that has not finished after this long is taken to have died with its process.
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)
# Back-off of one message after a temporary failure: 1, 2, 4, ... minutes, at most 6 hours.
BACKOFF_FIRST = datetime.timedelta(minutes=1)
BACKOFF_MAX = datetime.timedelta(hours=6)


class Outcome(enum.StrEnum):
    """What became of one attempt to send a stored message."""

    SENT = "sent"
    FAILED = "failed"  # temporary: tried again after its back-off
    REFUSED = "refused"  # permanent (5xx): never tried again
    DROPPED = "dropped"  # must not go out any more (unsubscribed); never retried
    SKIPPED = "skipped"  # sent already, dropped, waiting for its back-off or being sent by another process


@dataclass
class SendResult:
    """What one batch did; `server_error` says why it stopped early when the server itself failed."""

    sent: int = 0
    failed: int = 0
    refused: int = 0
    dropped: int = 0
    skipped: int = 0
    left: int = 0  # not reached within the batch's time budget; the worker sends them
    server_error: str = ""

    def count(self, outcome: Outcome) -> None:
        """Add one message with this outcome (the fields are named after the outcomes)."""
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    @property
    def ok(self) -> bool:
        """No message failed and the server was reachable (what cron's exit status reports)."""
        return not (self.failed or self.refused or self.server_error)


def backoff(attempts: int) -> datetime.timedelta:
    """How long a message waits after its attempts-th failed attempt."""
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def is_permanent(error: BaseException) -> bool:
    """Whether the server refused for good (5xx) this recipient or this message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    # A refused sender (SMTPSenderRefused) is the portal's configuration, not this message: temporary.
    if isinstance(error, smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600
    return False


def is_server_failure(error: BaseException) -> bool:
    """Whether the error concerns the server or the connection rather than one message: stop the batch."""
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
        return False
    return isinstance(error, OSError)  # smtplib's errors, sockets, TLS and timeouts are all OSError


def due(now: datetime.datetime | None = None, ignore_backoff: bool = False):
    """Pending messages that may be tried now, oldest first."""
    now = now or timezone.now()
    queryset = OutgoingMail.objects.pending().filter(attempts__lt=MAX_ATTEMPTS)
    if not ignore_backoff:
        queryset = queryset.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    return queryset


def _claim(mail: OutgoingMail, now: datetime.datetime, ignore_backoff: bool) -> bool:
    """Claim the message and count the attempt in one UPDATE; False when it is not ours to send."""
    claimed = (
        due(now, ignore_backoff)
        .filter(pk=mail.pk)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=now - CLAIM_TIMEOUT))
        .update(sending_since=now, attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return False
    mail.refresh_from_db(fields=["attempts"])
    return True


def drop_reason(mail: OutgoingMail) -> str:
    """Why the message must not be sent any more, or "" when it may go out."""
    if mail.kind != OutgoingMail.Kind.NOTIFICATION:
        return ""
    # Checked when sending, not when queueing: a retry may come hours after the subscriber left.
    subscriber = Subscriber.objects.filter(email=mail.to, municipality_id=mail.municipality_id).first()
    if subscriber is not None and subscriber.unsubscribed_at is not None:
        return OutgoingMail.DropReason.UNSUBSCRIBED
    if subscriber is None or not subscriber.is_active:
        return OutgoingMail.DropReason.NOT_SUBSCRIBED
    return ""


def _finish(mail: OutgoingMail, **fields) -> None:
    # Never writes `attempts`: only the claim's F() update counts them.
    fields["sending_since"] = None
    for name, value in fields.items():
        setattr(mail, name, value)
    OutgoingMail.objects.filter(pk=mail.pk).update(**fields)


def _error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def send_one(mail: OutgoingMail, connection, ignore_backoff: bool = False) -> tuple[Outcome, BaseException | None]:
    """Send one stored message over an open connection; returns its outcome and the error, if any."""
    now = timezone.now()
    if not _claim(mail, now, ignore_backoff):
        return Outcome.SKIPPED, None
    reason = drop_reason(mail)
    if reason:
        _finish(mail, dropped_at=now, dropped_reason=reason)
        logger.info("Dropped mail %s (%s), not sent: %s", mail.pk, mail.kind, reason)
        return Outcome.DROPPED, None
    message = build_message(mail, connection)
    try:
        message.send(fail_silently=False)
    except Exception as error:  # any backend failure must be recorded on the message, never lost
        if is_permanent(error):
            _finish(
                mail,
                dropped_at=timezone.now(),
                dropped_reason=OutgoingMail.DropReason.REFUSED,
                last_error=_error_text(error),
            )
            logger.warning("Mail %s (%s) refused for good, not retried: %s", mail.pk, mail.kind, mail.last_error)
            return Outcome.REFUSED, error
        _finish(mail, next_attempt_at=timezone.now() + backoff(mail.attempts), last_error=_error_text(error))
        logger.warning(
            "Could not send mail %s (%s), attempt %d: %s", mail.pk, mail.kind, mail.attempts, mail.last_error
        )
        return Outcome.FAILED, error
    except BaseException as error:
        # The process is being stopped (a worker timeout, Ctrl-C): free the message first.
        _finish(mail, next_attempt_at=timezone.now(), last_error=_error_text(error))
        raise
    sent = {"sent_at": timezone.now(), "last_error": "", "next_attempt_at": None}
    if mail.kind == OutgoingMail.Kind.PASSWORD_RESET:
        sent["body"] = ""  # the link opens a staff account: once sent it is kept nowhere here
    _finish(mail, **sent)
    return Outcome.SENT, None


def send_batch(mails, seconds: float | None = None, ignore_backoff: bool = False) -> SendResult:
    """Send these messages over one SMTP connection, stopping when the time budget is spent."""
    mails = list(mails)
    result = SendResult()
    if not mails:
        return result
    deadline = None if seconds is None else time.monotonic() + seconds
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as error:  # the server is down or refuses us: no message was tried, none is charged
        result.server_error = _error_text(error)
        result.left = len(mails)
        logger.error("The mail server is unavailable, %d messages wait: %s", len(mails), result.server_error)
        return result
    try:
        for index, mail in enumerate(mails):
            if deadline is not None and time.monotonic() >= deadline:
                result.left = len(mails) - index
                break
            outcome, error = send_one(mail, connection, ignore_backoff)
            result.count(outcome)
            if error is not None and is_server_failure(error):
                result.server_error = _error_text(error)
                result.left = len(mails) - index - 1
                break
    finally:
        try:
            connection.close()
        except Exception:  # closing a connection the server already dropped
            logger.debug("Closing the SMTP connection failed", exc_info=True)
    return result


def send_pending(limit: int | None = None, seconds: float | None = None) -> SendResult:
    """Send the messages due now, oldest first: at most `limit`, within `seconds`."""
    limit = limit or settings.MAIL_BATCH_SIZE
    return send_batch(due()[:limit], seconds=seconds)


def send_now(pks, seconds: float | None = None) -> SendResult:
    """These messages at once, whatever their back-off, within the time budget."""
    seconds = settings.MAIL_SEND_NOW_SECONDS if seconds is None else seconds
    mails = due(ignore_backoff=True).filter(pk__in=list(pks))[: settings.MAIL_BATCH_SIZE]
    return send_batch(mails, seconds=seconds, ignore_backoff=True)


def _as_dict(result: SendResult) -> dict:
    return {key: value for key, value in vars(result).items() if value}


@task()
def send_mail(pks: list[int], ignore_backoff: bool = False) -> dict:
    """The task: send these stored messages over one connection (those not due or already sent are skipped)."""
    with every_municipality("sending the mail queue: messages of every municipality"):
        if ignore_backoff:  # staff's "try again": within MAIL_SEND_NOW_SECONDS, the rest left to send_due_mail
            return _as_dict(send_now(pks))
        return _as_dict(send_batch(due().filter(pk__in=pks)[: settings.MAIL_BATCH_SIZE]))


@task()
def send_due_mail() -> dict:
    """The periodic task: send what is due (retries after their back-off, messages a stopped batch left)."""
    with every_municipality("sending the mail queue: messages of every municipality"):
        return _as_dict(send_pending())


def send_soon(pks, ignore_backoff: bool = False) -> None:
    """Enqueue `send_mail` for these messages once the current transaction commits, a batch per task."""
    pks = list(pks)
    size = settings.MAIL_BATCH_SIZE

    def enqueue() -> None:
        for start in range(0, len(pks), size):
            send_mail.enqueue(pks[start : start + size], ignore_backoff=ignore_backoff)

    if pks:
        # A rolled-back transaction enqueues nothing; a task never looks for a row not yet committed.
        # Should the enqueue itself fail, the periodic send_due_mail still finds the messages.
        transaction.on_commit(enqueue, robust=True)
