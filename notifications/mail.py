"""Outgoing mail: every message is stored in the requester's transaction and sent by the worker.

A citizen's or staff member's request only stores the message (`deliver`); it never talks to
the mail server, so a slow or dead server cannot hold a page, a transaction or a gunicorn worker.
A rolled-back transaction takes its unsent message with it. Once the transaction commits, the
task `send_mail` (sending.py, run by the task worker `run_worker`) sends it; temporary failures are
retried with a back-off per message and permanent refusals fail at once. A notification whose
subscriber unsubscribed in the meantime is dropped instead of sent.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations.models import Hearing
from municipalities.scoping import scope
from web.addresses import absolute_url, portal_host, site_url
from web.fallback import localized

from .models import NotifiedHearing, OutgoingMail, Subscriber
from .sending import send_soon

logger = logging.getLogger(__name__)


def one_line(text: str) -> str:
    """Text safe for a mail header: whitespace, including newlines, collapsed to single spaces."""
    return " ".join(str(text).split())


def queue_mail(
    to: str, subject: str, body: str, kind: str, headers: dict | None = None, send: bool = True
) -> OutgoingMail:
    """Store a message to send; its sending task is enqueued when the transaction commits (unless send=False)."""
    mail = OutgoingMail.objects.create(
        to=to, subject=one_line(subject)[:300], body=body, kind=kind, headers=headers or {}
    )
    if send:
        send_soon([mail.pk])
    return mail


def deliver(to: str, subject: str, body: str, kind: str, headers: dict | None = None) -> OutgoingMail:
    """Store a message in the current transaction; the mail worker sends it once that commits."""
    # Nothing is sent here: the request that stored the message never waits for the mail server.
    return queue_mail(to, subject, body, kind, headers)


# --- Subscriptions ----------------------------------------------------------------------


def alert_headers(subscriber: Subscriber) -> dict[str, str]:
    """The alerts' list (List-Id, RFC 2919) and one-click unsubscribing (List-Unsubscribe, RFC 8058)."""
    with translation.override(subscriber.language):
        url = absolute_url(reverse("notifications:unsubscribe", kwargs={"token": subscriber.token}))
        name = one_line(_("Public consultations"))
    return {
        "List-Id": f"{name} <alerts.{portal_host()}>",
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def send_confirmation(subscriber: Subscriber) -> OutgoingMail:
    """Email the link that confirms a subscription (double opt-in)."""
    with translation.override(subscriber.language):
        context = {
            "confirm_url": absolute_url(
                reverse("notifications:subscription-confirm", kwargs={"token": subscriber.token})
            ),
            "site_url": site_url(),
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
        subject = _("New public consultation: %(title)s") % {"title": localized(hearing, "title").text}
        body = render_to_string("notifications/email/new_hearing.txt", context)
    return queue_mail(
        subscriber.email, subject, body, OutgoingMail.Kind.NOTIFICATION, headers=alert_headers(subscriber), send=False
    )


def notify_subscribers_of_hearing(hearing: Hearing) -> int:
    """Queue one mail per confirmed subscriber about a newly published hearing (once), sent after commit."""
    # In the hearing's municipality: its subscribers only, its address in the links.
    with scope(hearing.plan.municipality):
        if not Hearing.objects.published().filter(pk=hearing.pk).exists():
            return 0
        with transaction.atomic():
            announcement, created = NotifiedHearing.objects.get_or_create(hearing=hearing)
            if not created:
                return 0
            mails = [_notification(hearing, subscriber) for subscriber in Subscriber.objects.confirmed()]
            announcement.recipients = len(mails)
            announcement.save(update_fields=["recipients"])
            send_soon(mail.pk for mail in mails)  # one task per batch of MAIL_BATCH_SIZE, not one per subscriber
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
