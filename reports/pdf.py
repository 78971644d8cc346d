"""HTML to PDF with WeasyPrint, reading only local files: a report never reaches the network.

The last of the report's three steps (reports/summary.py builds the figures, the template
renders them, this module prints the HTML). Fonts come from the system through fontconfig
(DejaVu, Debian's fonts-dejavu-core), which covers ë ç š ž č ć đ.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

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
    """Turn an HTML document into PDF bytes, reading nothing but local static files."""
    return HTML(string=html, base_url=base_url, url_fetcher=LocalFilesFetcher(static_roots())).write_pdf()


def annual_report_print_html(summary: AnnualSummary) -> str:
    """The report's printable HTML in the active language, from the same template as the page."""
    return render_to_string(REPORT_TEMPLATE, {"summary": summary, "base_template": PRINT_BASE, "for_print": True})


def annual_report_pdf(summary: AnnualSummary) -> bytes:
    """The report as PDF bytes in the active language (call it inside translation.override)."""
    return render_pdf(annual_report_print_html(summary), static_base_url())
