"""The national figures rendered: the context both the page and the print share, and the PDF.

The second and third of the three steps (national/figures.py builds the data): one template,
`national/national_report.html`, renders the national page, the national report and its print;
web/printing.py turns the printed HTML into a tagged PDF (PDF/UA-1), as for the municipal report.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reports.pdf import Publication
from web.printing import PRINT_BASE, render_pdf, static_base_url

from .charts import BarChart, bar_chart
from .figures import PORTAL_URLCONF, MunicipalityRow, NationalFigures

TEMPLATE = "national/national_report.html"
__all__ = ["PORTAL_URLCONF", "national_report_pdf"]


def _percent_text(value: int | None) -> str:
    return "–" if value is None else f"{value}%"


def charts(rows: list[MunicipalityRow], meetings_required: int) -> list[dict]:
    """The three charts of the national view (women's share, meetings held, standards met), with their words."""
    counted = [row for row in rows if row.has_plan]
    women = bar_chart([(row.name, row.women_share, _percent_text(row.women_share)) for row in counted], 100)
    meetings = bar_chart(
        [(row.name, row.meetings_held, str(row.meetings_held)) for row in counted],
        max([row.meetings_held for row in counted] + [meetings_required]),
        mark=meetings_required,
    )
    standards = bar_chart(
        [(row.name, row.standards_passed, f"{row.standards_passed} / {row.standards_checked}") for row in rows],
        max([row.standards_checked for row in rows] + [1]),
    )
    return [
        _chart(
            "chart-women",
            _("Women's share of the people who took part"),
            women,
            rows=counted,
        ),
        _chart(
            "chart-meetings",
            _("Public meetings held (the dashed line: %(required)s required)") % {"required": meetings_required},
            meetings,
            rows=counted,
        ),
        _chart("chart-standards", _("Minimum standards passed of those checked"), standards, rows=rows),
    ]


def _chart(chart_id: str, title: str, chart: BarChart, rows: list[MunicipalityRow]) -> dict:
    words = "; ".join(f"{bar.label}: {bar.text}" for bar in chart.bars) or _("No municipality to show.")
    return {"id": chart_id, "title": title, "chart": chart, "desc": words}


def national_context(figures: NationalFigures, rows: list[MunicipalityRow] | None = None, **extra) -> dict:
    """What the template needs for the figures (the rows in the order and selection to show)."""
    rows = list(figures.rows) if rows is None else rows
    return {"figures": figures, "rows": rows, "charts": charts(rows, figures.meetings_required), **extra}


def national_report_print_html(figures: NationalFigures, publication: Publication | None = None) -> str:
    """The national report's printable HTML in the active language, from the same template as the page."""
    context = national_context(figures, base_template=PRINT_BASE, for_print=True, publication=publication)
    return render_to_string(TEMPLATE, context)


def national_report_pdf(figures: NationalFigures, publication: Publication | None = None) -> bytes:
    """The national report as tagged PDF bytes in the active language (call it inside translation.override)."""
    return render_pdf(national_report_print_html(figures, publication), static_base_url())
