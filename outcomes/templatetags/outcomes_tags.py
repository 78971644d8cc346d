"""Template tags for the hearing page: the consultation's published report, as frozen."""

from __future__ import annotations

from django import template

from consultations.models import Hearing

from ..items import from_snapshot
from ..models import ConsultationReport

register = template.Library()


@register.simple_tag
def published_outcome(hearing: Hearing) -> dict | None:
    """The latest published version of the hearing's report with its items and counts (one query), or None."""
    report = ConsultationReport.objects.latest_of(hearing)
    if report is None:
        return None
    outcome = from_snapshot(report.snapshot)
    return {"report": report, "outcome": outcome, "counts": outcome.counts}
