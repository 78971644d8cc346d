"""How long mail and subscriptions are kept: sent, dropped or abandoned mail, lapsed subscriptions.

Mail bodies hold names, addresses and answers; a subscription never confirmed or ended holds an
address nobody may use. Both go after settings.RETENTION_DAYS; mail still waiting to be sent stays.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from .models import OutgoingMail, Subscriber
from .sending import MAX_ATTEMPTS


def expired(cutoff: datetime.datetime) -> dict[str, QuerySet]:
    """The mail and subscriptions older than cutoff that are no longer needed, by kind."""
    return {
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
    }
