"""How long the portal keeps records that carry personal data or only served abuse checks.

Deleted after settings.RETENTION_DAYS (by `manage.py purge_old_records`, run daily):
refused submissions (salted address hashes), emails sent, dropped or given up on (their bodies
hold names, addresses and answers), subscriptions never confirmed or ended, and comments
marked as spam. Kept: the register of requests, published and rejected comments (the
consultation's record), mail still waiting to be sent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .mail import MAX_ATTEMPTS
from .models import Comment, OutgoingMail, Refusal, Subscriber


@dataclass(frozen=True)
class Purged:
    """How many records of each kind were (or, in a dry run, would be) deleted."""

    refusals: int
    mail: int
    subscribers: int
    spam_comments: int


def expired(cutoff: datetime.datetime) -> dict[str, QuerySet]:
    """The records older than cutoff that are no longer needed, by kind."""
    return {
        "refusals": Refusal.objects.filter(created_at__lt=cutoff),
        "mail": OutgoingMail.objects.filter(
            Q(sent_at__lt=cutoff)
            | Q(dropped_at__lt=cutoff)
            | Q(sent_at__isnull=True, attempts__gte=MAX_ATTEMPTS, created_at__lt=cutoff)
        ),
        # Never confirmed since the last confirmation was sent (an address may subscribe again years later).
        "subscribers": Subscriber.objects.filter(
            Q(confirmed_at__isnull=True, confirmation_sent_at__lt=cutoff)
            | Q(confirmed_at__isnull=True, confirmation_sent_at__isnull=True, created_at__lt=cutoff)
            | Q(unsubscribed_at__lt=cutoff)
        ),
        "spam_comments": Comment.objects.filter(status=Comment.Status.SPAM, created_at__lt=cutoff),
    }


def purge(days: int, *, dry_run: bool = False, now: datetime.datetime | None = None) -> Purged:
    """Delete (or, with dry_run, count) what has been kept longer than `days` days."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    with transaction.atomic():
        counts = {}
        for kind, queryset in expired(cutoff).items():
            counts[kind] = queryset.count() if dry_run else queryset.delete()[1].get(queryset.model._meta.label, 0)
    return Purged(**counts)
