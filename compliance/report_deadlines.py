"""When each consultation's report is due, and which are past it unpublished.

One rule for the compliance page (rules.check_consultation_reports) and the staff's weekly reminder of what
is overdue (staff/reminders.py): a consultation that was held, or a written one whose period is over, has
its report (outcomes) published within the rule's days of its end.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.utils import timezone

from consultations.models import Hearing
from municipalities.models import Municipality

from .evidence import HearingFacts, first_published_reports, hearing_facts, year_hearings
from .models import Rule, RuleCode


class ReportDeadline(NamedTuple):
    """One consultation that ended: when its report is due and when it was first published (None: not yet)."""

    hearing: HearingFacts
    due: datetime.date
    published: datetime.date | None

    def is_overdue(self, today: datetime.date) -> bool:
        """Past its deadline and still not published."""
        return self.published is None and today > self.due


def has_ended(hearing: HearingFacts, today: datetime.date) -> bool:
    """Held, or a written consultation whose period is over: its report is due from now on."""
    return hearing.status == Hearing.Status.HELD or (
        hearing.method == Hearing.Method.WRITTEN and hearing.end_day < today
    )


def report_deadlines(
    hearings: Iterable[HearingFacts], days: int, today: datetime.date, published: dict[int, datetime.datetime]
) -> list[ReportDeadline]:
    """The consultations among these that ended, each with its report's deadline (`days` after its end)."""
    return [
        ReportDeadline(
            hearing=hearing,
            due=hearing.end_day + datetime.timedelta(days=days),
            published=timezone.localdate(published[hearing.pk]) if hearing.pk in published else None,
        )
        for hearing in hearings
        if has_ended(hearing, today)
    ]


def overdue_reports(municipality: Municipality, today: datetime.date | None = None) -> list[ReportDeadline]:
    """The consultations of this year's and last year's plans whose report is past its deadline unpublished,
    oldest deadline first; none while the municipality's rule is turned off."""
    today = today or timezone.localdate()
    rule = next(
        (rule for rule in Rule.objects.for_municipality(municipality) if rule.code == RuleCode.CONSULTATION_REPORT),
        None,
    )
    if rule is None or not rule.enabled:
        return []
    hearings = year_hearings(plan__municipality=municipality, plan__year__gte=today.year - 1)
    deadlines = report_deadlines(hearing_facts(hearings), rule.parameter, today, first_published_reports(hearings))
    return sorted((item for item in deadlines if item.is_overdue(today)), key=lambda item: (item.due, item.hearing.pk))
