"""The annual report as PDF, the last of its three steps (reports/summary.py builds the figures, the
template renders them, this module prints the HTML).

The generic HTML -> PDF function lives in consultations/printing.py, shared with the
hearings' printed papers; the names are re-exported here for code that used them from here.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from consultations.printing import (  # noqa: F401 (re-exported)
    PRINT_BASE,
    LocalFilesFetcher,
    render_pdf,
    static_base_url,
    static_roots,
)

from .summary import AnnualSummary

REPORT_TEMPLATE = "reports/annual_report.html"


def annual_report_print_html(summary: AnnualSummary) -> str:
    """The report's printable HTML in the active language, from the same template as the page."""
    return render_to_string(REPORT_TEMPLATE, {"summary": summary, "base_template": PRINT_BASE, "for_print": True})


def annual_report_pdf(summary: AnnualSummary) -> bytes:
    """The report as PDF bytes in the active language (call it inside translation.override)."""
    return render_pdf(annual_report_print_html(summary), static_base_url())
