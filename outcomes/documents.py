"""The consultation's report as an A4 PDF, through the same pipeline and print base as the annual report."""

from __future__ import annotations

from django.template.loader import render_to_string

from consultations.models import Hearing
from web.printing import PRINT_BASE, render_pdf

from .items import Outcome
from .models import ConsultationReport


def report_context(hearing: Hearing, report: ConsultationReport | None, outcome: Outcome) -> dict:
    """What the page's section and the PDF show: the items, their responses and counts, and the version."""
    return {
        "hearing": hearing,
        "municipality": hearing.plan.municipality,
        "report": report,
        "outcome": outcome,
        "counts": outcome.counts,
    }


def report_pdf(hearing: Hearing, report: ConsultationReport | None, outcome: Outcome) -> bytes:
    """The report in the active language; `report` is None for staff's preview before publication."""
    context = {"base_template": PRINT_BASE, **report_context(hearing, report, outcome)}
    return render_pdf(render_to_string("outcomes/report_pdf.html", context))
