"""Outgoing mail: every message is stored first, then sent; failures stay pending for a retry.

A message is stored in the current transaction and sent only after that transaction commits
(`send_after_commit`): a slow or failing mail server never holds a database transaction open,
and a rolled-back transaction takes its unsent message with it instead of leaving a mail sent
with no record of it.

A failed send never fails the citizen's or the staff member's request: it is logged, counted
and `manage.py send_pending_mail` tries again later. A notification whose subscriber unsubscribed
in the meantime is dropped instead of sent, and never retried.
"""

from __future__ import annotations

import datetime
import enum
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations.models import Hearing

from .models import NotifiedHearing, OutgoingMail, Subscriber

logger = logging.getLogger(__name__)

# After this many failed attempts a message is left for staff to look at in the admin.
MAX_ATTEMPTS = 10
# A send that has not finished after this long is taken to have died with its process.
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)
# After a send fails, mail queued by people's requests waits for send_pending_mail for this
# long instead of being tried at once: with the mail server down, a bulk answer to fifty
# requests must not wait fifty EMAIL_TIMEOUTs (and outlast gunicorn's worker timeout).
BACKOFF_SECONDS = 5 * 60
BACKOFF_KEY = "notifications:mail-backoff"


def absolute_url(path: str) -> str:
    """The path as an absolute link on the portal (settings.SITE_URL)."""
    return f"{settings.SITE_URL}{path}"


def one_line(text: str) -> str:
    """Text safe for a mail header: whitespace, including newlines, collapsed to single spaces."""
    return " ".join(str(text).split())


def queue_mail(to: str, subject: str, body: str, kind: str, headers: dict | None = None) -> OutgoingMail:
    """Store a message to send."""
    return OutgoingMail.objects.create(
        to=to, subject=one_line(subject)[:300], body=body, kind=kind, headers=headers or {}
    )


class Outcome(enum.StrEnum):
    """What became of one attempt to send a stored message."""

    SENT = "sent"
    FAILED = "failed"  # left pending for send_pending_mail
    DROPPED = "dropped"  # must not go out any more; never retried
    SKIPPED = "skipped"  # sent already, dropped, or being sent by another process


def _claim(mail: OutgoingMail) -> bool:
    """Mark the message as being sent; False when it was sent or dropped, or another process is sending it."""
    now = timezone.now()
    claimed = (
        OutgoingMail.objects.filter(pk=mail.pk, sent_at__isnull=True, dropped_at__isnull=True)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=now - CLAIM_TIMEOUT))
        .update(sending_since=now)
    )
    return claimed == 1


def drop_reason(mail: OutgoingMail) -> str:
    """Why the message must not be sent any more, or "" when it may go out."""
    if mail.kind != OutgoingMail.Kind.NOTIFICATION:
        return ""
    # Checked when sending, not when queueing: a retry may come hours after the subscriber left.
    subscriber = Subscriber.objects.filter(email=mail.to).first()
    if subscriber is not None and subscriber.unsubscribed_at is not None:
        return OutgoingMail.DropReason.UNSUBSCRIBED
    if subscriber is None or not subscriber.is_active:
        return OutgoingMail.DropReason.NOT_SUBSCRIBED
    return ""


def _drop(mail: OutgoingMail, reason: str) -> Outcome:
    mail.dropped_at = timezone.now()
    mail.dropped_reason = reason
    mail.sending_since = None
    mail.save(update_fields=["dropped_at", "dropped_reason", "sending_since"])
    logger.info("Dropped mail %s (%s) to %s, not sent: %s", mail.pk, mail.kind, mail.to, reason)
    return Outcome.DROPPED


def _record_failure(mail: OutgoingMail, error: BaseException) -> Outcome:
    # Releasing the claim lets the next send_pending_mail retry at once, not after CLAIM_TIMEOUT.
    cache.set(BACKOFF_KEY, True, BACKOFF_SECONDS)
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    mail.sending_since = None
    mail.save(update_fields=["attempts", "last_error", "sending_since"])
    logger.warning(
        "Could not send mail %s (%s) to %s, attempt %d: %s", mail.pk, mail.kind, mail.to, mail.attempts, mail.last_error
    )
    return Outcome.FAILED


def send_stored(mail: OutgoingMail) -> Outcome:
    """Send one stored message; on failure log it, count the attempt and leave it pending."""
    # Sends at once: call it outside a transaction or from an on_commit callback (send_after_commit).
    if not _claim(mail):
        return Outcome.SKIPPED
    reason = drop_reason(mail)
    if reason:
        return _drop(mail, reason)
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers=mail.headers or None,
    )
    mail.attempts += 1
    try:
        message.send(fail_silently=False)
    except Exception as error:  # any backend failure (SMTP, socket, TLS, timeout) must not break the caller
        return _record_failure(mail, error)
    except BaseException as error:
        # The process is being stopped (gunicorn's worker timeout, Ctrl-C): free the message first.
        _record_failure(mail, error)
        raise
    mail.sent_at = timezone.now()
    mail.last_error = ""
    mail.sending_since = None
    mail.save(update_fields=["attempts", "last_error", "sent_at", "sending_since"])
    return Outcome.SENT


def send_pending_by_pk(pk: int) -> Outcome:
    """Send the stored message with this pk unless it was sent or dropped already."""
    # Re-read rather than trust an object from the transaction that queued it: send_pending_mail
    # or the admin may have sent the message in between.
    mail = OutgoingMail.objects.pending().filter(pk=pk).first()
    if mail is None:
        return Outcome.SKIPPED
    return send_stored(mail)


def send_after_commit(mail: OutgoingMail) -> None:
    """Send a stored message once the current transaction commits (at once outside a transaction)."""
    pk = mail.pk

    def send() -> None:
        if cache.get(BACKOFF_KEY):
            logger.info("Mail %s left for send_pending_mail: a send failed less than %ds ago", pk, BACKOFF_SECONDS)
            return
        send_pending_by_pk(pk)

    # robust: an unexpected error after the commit is logged and leaves the message pending,
    # it does not turn the citizen's or staff member's committed request into an error page.
    transaction.on_commit(send, robust=True)


def deliver(to: str, subject: str, body: str, kind: str, headers: dict | None = None) -> OutgoingMail:
    """Store a message in the current transaction and send it once that transaction commits."""
    mail = queue_mail(to, subject, body, kind, headers)
    send_after_commit(mail)
    return mail


@dataclass
class SendResult:
    """How many pending messages send_pending sent, failed to send, dropped and skipped."""

    sent: int = 0
    failed: int = 0
    dropped: int = 0
    skipped: int = 0

    def count(self, outcome: Outcome) -> None:
        """Add one message with this outcome (the fields are named after the outcomes)."""
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)


def send_pending(limit: int = 100) -> SendResult:
    """Try again to send pending messages, oldest first (whatever the back-off: this is the retry)."""
    result = SendResult()
    for mail in OutgoingMail.objects.pending().filter(attempts__lt=MAX_ATTEMPTS)[:limit]:
        result.count(send_stored(mail))
    if result.sent and not result.failed:
        cache.delete(BACKOFF_KEY)  # the server is back: people's mail goes out at once again
    return result


# --- Subscriptions ----------------------------------------------------------------------


def unsubscribe_headers(subscriber: Subscriber) -> dict[str, str]:
    """List-Unsubscribe headers for one-click unsubscribing (RFC 8058)."""
    with translation.override(subscriber.language):
        url = absolute_url(reverse("notifications:unsubscribe", kwargs={"token": subscriber.token}))
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_confirmation(subscriber: Subscriber) -> OutgoingMail:
    """Email the link that confirms a subscription (double opt-in)."""
    with translation.override(subscriber.language):
        context = {
            "confirm_url": absolute_url(
                reverse("notifications:subscription-confirm", kwargs={"token": subscriber.token})
            ),
            "site_url": settings.SITE_URL,
        }
        subject = _("Confirm your subscription to public consultations")
        body = render_to_string("notifications/email/confirm_subscription.txt", context)
    return deliver(subscriber.email, subject, body, OutgoingMail.Kind.CONFIRMATION)


def _notification(hearing: Hearing, subscriber: Subscriber) -> OutgoingMail:
    with translation.override(subscriber.language):
        context = {
            "hearing": hearing,
            "hearing_url": absolute_url(hearing.get_absolute_url()),
            "unsubscribe_url": absolute_url(reverse("notifications:unsubscribe", kwargs={"token": subscriber.token})),
        }
        subject = _("New public consultation: %(title)s") % {"title": hearing.title}
        body = render_to_string("notifications/email/new_hearing.txt", context)
    return queue_mail(
        subscriber.email, subject, body, OutgoingMail.Kind.NOTIFICATION, headers=unsubscribe_headers(subscriber)
    )


def notify_subscribers_of_hearing(hearing: Hearing) -> int:
    """Queue one mail per confirmed subscriber about a newly published hearing (once), sent after commit."""
    if not Hearing.objects.published().filter(pk=hearing.pk).exists():
        return 0
    with transaction.atomic():
        announcement, created = NotifiedHearing.objects.get_or_create(hearing=hearing)
        if not created:
            return 0
        mails = [_notification(hearing, subscriber) for subscriber in Subscriber.objects.confirmed()]
        announcement.recipients = len(mails)
        announcement.save(update_fields=["recipients"])
        for mail in mails:
            send_after_commit(mail)
    return len(mails)


def hearings_to_announce(now=None):
    """Published hearings still ahead or open that subscribers have not been told about."""
    now = now or timezone.now()
    return (
        Hearing.objects.published()
        .filter(status=Hearing.Status.PLANNED, ends_at__gte=now, notification__isnull=True)
        .select_related("plan")
        .order_by("starts_at")
    )


def announce_new_hearings(dry_run: bool = False) -> list[tuple[Hearing, int]]:
    """Tell subscribers about every hearing still to announce; returns each hearing with its recipients."""
    announced = []
    for hearing in hearings_to_announce():
        announced.append((hearing, 0 if dry_run else notify_subscribers_of_hearing(hearing)))
    return announced
