"""Subscribing to news of new consultations: double opt-in without letting the form flood an inbox."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from web.text_checks import has_forbidden_characters

from .mail import send_confirmation
from .models import Subscriber


def request_subscription(email: str, language: str) -> None:
    """Start or restart a subscription and email the confirmation link, at most once per cooldown.

    The same for every address, whether known or not: the form must not reveal anyone's subscription.
    A confirmed subscriber is left as is; the token is never changed, so links already sent keep working
    and a third party sending the form cannot invalidate the citizen's confirmation link.
    """
    subscriber, created = Subscriber.objects.get_or_create(email=email, defaults={"language": language})
    if subscriber.is_active:
        return
    if subscriber.unsubscribed_at is not None:
        # Subscribing again after unsubscribing: the address must be confirmed again.
        subscriber.confirmed_at = subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
    cooldown = datetime.timedelta(seconds=settings.CONFIRMATION_EMAIL_COOLDOWN_SECONDS)
    if not subscriber.claim_confirmation_mail(cooldown):
        return
    if not created and subscriber.language != language:
        subscriber.language = language
        subscriber.save(update_fields=["language"])
    send_confirmation(subscriber)


def find_subscriber(token: str) -> Subscriber | None:
    """The subscriber an emailed link's token names, or None (also for a token no link could carry)."""
    # A token is URL-safe base64; anything else (NUL, which PostgreSQL cannot even compare) finds no one.
    if len(token) > 64 or has_forbidden_characters(token):
        return None
    return Subscriber.objects.filter(token=token).first()


def confirm(subscriber: Subscriber) -> None:
    """Confirm the address (the second step of the double opt-in); confirming twice changes nothing."""
    if subscriber.confirmed_at is None and subscriber.unsubscribed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])


def unsubscribe(subscriber: Subscriber) -> None:
    """Stop all mail to the subscriber; mail already queued for them is dropped when its turn comes."""
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
