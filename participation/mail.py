"""Outgoing mail: every message is stored first, then sent; failures stay pending for a retry.

A message is stored in the current transaction and sent only after that transaction commits
(`send_after_commit`): a slow or failing mail server never holds a database transaction open,
and a rolled-back transaction takes its unsent message with it instead of leaving a mail sent
with no record of it.

A failed send never fails the citizen's or the staff member's request: it is logged and
`manage.py send_pending_mail` tries again later.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
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


def _claim(mail: OutgoingMail) -> bool:
    """Mark the message as being sent; False when it was sent or another process is sending it."""
    now = timezone.now()
    claimed = (
        OutgoingMail.objects.filter(pk=mail.pk, sent_at__isnull=True)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=now - CLAIM_TIMEOUT))
        .update(sending_since=now)
    )
    return claimed == 1


def send_stored(mail: OutgoingMail) -> bool | None:
    """Send one stored message; on failure log it, count the attempt and leave it pending.

    None when the message was skipped: sent already, or being sent by another process.
    """
    # Sends at once: call it outside a transaction or from an on_commit callback (send_after_commit).
    if not _claim(mail):
        return None
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
    except Exception as error:  # any backend failure (SMTP, socket, TLS) must not break the caller
        mail.last_error = f"{type(error).__name__}: {error}"[:2000]
        mail.sending_since = None
        mail.save(update_fields=["attempts", "last_error", "sending_since"])
        logger.warning("Could not send mail %s (%s) to %s: %s", mail.pk, mail.kind, mail.to, mail.last_error)
        return False
    mail.sent_at = timezone.now()
    mail.last_error = ""
    mail.sending_since = None
    mail.save(update_fields=["attempts", "last_error", "sent_at", "sending_since"])
    return True


def send_pending_by_pk(pk: int) -> bool | None:
    """Send the stored message with this pk unless it was sent already; None when there was nothing to send."""
    # Re-read rather than trust an object from the transaction that queued it: send_pending_mail
    # or the admin may have sent the message in between.
    mail = OutgoingMail.objects.pending().filter(pk=pk).first()
    if mail is None:
        return None
    return send_stored(mail)


def send_after_commit(mail: OutgoingMail) -> None:
    """Send a stored message once the current transaction commits (at once outside a transaction)."""
    pk = mail.pk

    def send() -> None:
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
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def send_pending(limit: int = 100) -> SendResult:
    """Try again to send pending messages, oldest first."""
    result = SendResult()
    for mail in OutgoingMail.objects.pending().filter(attempts__lt=MAX_ATTEMPTS)[:limit]:
        outcome = send_stored(mail)
        if outcome is None:
            result.skipped += 1
        elif outcome:
            result.sent += 1
        else:
            result.failed += 1
    return result


# --- Subscriptions ----------------------------------------------------------------------


def unsubscribe_headers(subscriber: Subscriber) -> dict[str, str]:
    """List-Unsubscribe headers for one-click unsubscribing (RFC 8058)."""
    with translation.override(subscriber.language):
        url = absolute_url(reverse("participation:unsubscribe", kwargs={"token": subscriber.token}))
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_confirmation(subscriber: Subscriber) -> OutgoingMail:
    """Email the link that confirms a subscription (double opt-in)."""
    with translation.override(subscriber.language):
        context = {
            "confirm_url": absolute_url(
                reverse("participation:subscription-confirm", kwargs={"token": subscriber.token})
            ),
            "site_url": settings.SITE_URL,
        }
        subject = _("Confirm your subscription to public consultations")
        body = render_to_string("participation/email/confirm_subscription.txt", context)
    return deliver(subscriber.email, subject, body, OutgoingMail.Kind.CONFIRMATION)


def _notification(hearing: Hearing, subscriber: Subscriber) -> OutgoingMail:
    with translation.override(subscriber.language):
        context = {
            "hearing": hearing,
            "hearing_url": absolute_url(hearing.get_absolute_url()),
            "unsubscribe_url": absolute_url(reverse("participation:unsubscribe", kwargs={"token": subscriber.token})),
        }
        subject = _("New public consultation: %(title)s") % {"title": hearing.title}
        body = render_to_string("participation/email/new_hearing.txt", context)
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
