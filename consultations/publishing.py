"""Publishing and unpublishing consultations: one rule for the admin form and the list's actions.

Publishing is a permission of its own (roles.PUBLISH_HEARING); a hearing is published only when
every required language has its texts (Hearing.missing_translations).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet

from .models import Hearing


@dataclass
class PublishOutcome:
    """What publishing a selection did: the hearings published and those refused, with what they lack."""

    published: list[Hearing] = field(default_factory=list)
    refused: list[tuple[Hearing, dict[str, list[str]]]] = field(default_factory=list)


def publish_hearings(hearings: QuerySet[Hearing]) -> PublishOutcome:
    """Publish each selected hearing that has its required texts; the others stay as they are."""
    outcome = PublishOutcome()
    # Lock only the hearings' rows: the admin's selection joins the (nullable) place and directorate.
    with transaction.atomic():
        for hearing in hearings.select_for_update(of=("self",)).filter(is_published=False):
            missing = hearing.missing_translations()
            if missing:
                outcome.refused.append((hearing, missing))
                continue
            hearing.is_published = True
            # save(), not update(): it sets published_at and the search text as any change would.
            hearing.save()
            outcome.published.append(hearing)
    return outcome


def unpublish_hearings(hearings: QuerySet[Hearing]) -> list[Hearing]:
    """Take the selected hearings off the portal; their record and documents stay."""
    unpublished = []
    with transaction.atomic():
        for hearing in hearings.select_for_update(of=("self",)).filter(is_published=True):
            hearing.is_published = False
            hearing.save()
            unpublished.append(hearing)
    return unpublished
