"""How long the portal keeps records that carry personal data or only served abuse checks.

Deleted after settings.RETENTION_DAYS (by `manage.py purge_old_records`, run daily):
refused submissions (salted address hashes) and comments marked as spam, here; emails sent,
dropped or given up on and lapsed subscriptions, by notifications.retention. Kept: the register
of requests, published and rejected comments (the consultation's record), mail still waiting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from notifications import retention as notifications_retention

from .models import Comment, Refusal


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
        **notifications_retention.expired(cutoff),
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
