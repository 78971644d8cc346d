"""HTML to PDF with WeasyPrint, reading only local files: a report never reaches the network.

The last of the report's three steps (reports/summary.py builds the figures, the template
renders them, this module prints the HTML). Fonts come from the system through fontconfig
(DejaVu, Debian's fonts-dejavu-core), which covers ë ç š ž č ć đ.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from consultations.models import Municipality

from .summary import AnnualSummary

REPORT_TEMPLATE = "reports/annual_report.html"
PRINT_BASE = "print_base.html"


class LocalFilesFetcher(URLFetcher):
    """Fetches data: URIs and files under the static folders; refuses everything else."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"Only static files may be read while printing: {url}")
        return super().fetch(url, headers)


def static_roots() -> list[Path]:
    """The folders a printed document may read from: the source and the collected static files."""
    return [*(Path(folder) for folder in settings.STATICFILES_DIRS), Path(settings.STATIC_ROOT)]


def static_base_url() -> str:
    """A file:// base URL for relative links in printed HTML: the project's static folder."""
    return static_roots()[0].resolve().as_uri() + "/"


def render_pdf(html: str, base_url: str) -> bytes:
    """Turn an HTML document into tagged PDF/UA-1 bytes, reading nothing but local static files.

    The PDF/UA variant tags headings, tables and reading order and writes the document's
    language (from <html lang>), title and author (<meta name="author">) into the file.
    """
    document = HTML(string=html, base_url=base_url, url_fetcher=LocalFilesFetcher(static_roots()))
    return document.write_pdf(pdf_variant="pdf/ua-1")


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
    kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


def annual_report_print_html(summary: AnnualSummary, publication: Publication | None = None, emblem: str = "") -> str:
    """The report's printable HTML in the active language, from the same template as the page."""
    context = {
        "summary": summary,
        "base_template": PRINT_BASE,
        "for_print": True,
        "publication": publication,
        "emblem": emblem,
    }
    return render_to_string(REPORT_TEMPLATE, context)


def annual_report_pdf(
    summary: AnnualSummary, publication: Publication | None = None, municipality: Municipality | None = None
) -> bytes:
    """The report as PDF bytes in the active language (call it inside translation.override)."""
    html = annual_report_print_html(summary, publication, emblem_data_uri(municipality))
    return render_pdf(html, static_base_url())
