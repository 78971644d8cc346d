"""The annual report as PDF, the last of its three steps (reports/summary.py builds the figures, the
template renders them, this module prints the HTML).

The generic HTML -> PDF function lives in web/printing.py, shared with the
hearings' printed papers; the names are re-exported here for code that used them from here.
"""

from __future__ import annotations

import base64
import datetime
import logging
from dataclasses import dataclass

from django.template.loader import render_to_string

from municipalities.branding import is_safe_to_decode
from municipalities.models import Municipality
from web.printing import (  # noqa: F401 (re-exported)
    PRINT_BASE,
    LocalFilesFetcher,
    render_pdf,
    static_base_url,
    static_roots,
)

from .annex import printed_annex
from .summary import AnnualSummary

logger = logging.getLogger(__name__)

REPORT_TEMPLATE = "reports/annual_report.html"


@dataclass(frozen=True)
class Publication:
    """What a published version prints on every page: its version, reference and where to verify it."""

    version: int
    published_at: datetime.datetime
    published_by_name: str
    reference: str
    verify_url: str


def reference_number(prefix: str, year: int, version: int) -> str:
    """The report's reference number: the municipality's prefix, the year and the version."""
    number = f"{year}-v{version}"
    return f"{prefix.strip()}/{number}" if prefix.strip() else number


def emblem_data_uri(municipality: Municipality | None) -> str:
    """The municipality's emblem as a data: URI (read from the default storage), or ''."""
    if municipality is None or not municipality.emblem:
        return ""
    try:
        with municipality.emblem.open("rb") as emblem:
            content = emblem.read()
    except OSError:
        return ""
    if not is_safe_to_decode(content):
        logger.warning(
            "The emblem %s has too many pixels to draw; the report is printed without it", municipality.emblem.name
        )
        return ""
    kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


def annual_report_print_html(
    summary: AnnualSummary,
    publication: Publication | None = None,
    emblem: str = "",
    municipality: Municipality | None = None,
) -> str:
    """The report's printable HTML in the active language, from the same template as the page."""
    context = {
        "summary": summary,
        "base_template": PRINT_BASE,
        "for_print": True,
        "publication": publication,
        "emblem": emblem,
        **printed_annex(summary.annex, municipality, summary.year),
    }
    return render_to_string(REPORT_TEMPLATE, context)


def annual_report_pdf(
    summary: AnnualSummary, publication: Publication | None = None, municipality: Municipality | None = None
) -> bytes:
    """The report as PDF bytes in the active language (call it inside translation.override)."""
    html = annual_report_print_html(summary, publication, emblem_data_uri(municipality), municipality)
    return render_pdf(html, static_base_url())
