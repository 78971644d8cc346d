"""HTML to PDF with WeasyPrint, reading only local files: a printed document never reaches the network.

The bottom of the printing pipeline, shared by the annual report (reports/pdf.py) and the
hearings' printed papers (papers/): it lives in the lowest app so both may use it. Fonts come
from the system through fontconfig (DejaVu, Debian's fonts-dejavu-core), which covers ë ç š ž č ć đ.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from . import pdf_tagging

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


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    """Turn an HTML document into tagged PDF/UA-1 bytes, reading nothing but local static files.

    The PDF/UA variant tags headings, tables and reading order and writes the document's
    language (from <html lang>), title and author (<meta name="author">) into the file;
    web.pdf_tagging adds what WeasyPrint leaves out (passages' languages, artifacts, table headers).
    """
    document = HTML(string=html, base_url=base_url or static_base_url(), url_fetcher=LocalFilesFetcher(static_roots()))
    return pdf_tagging.finish(document.write_pdf(pdf_variant="pdf/ua-1"))


def qr_data_uri(url: str) -> str:
    """A QR code of the address as a PNG data: URI (black on white, so it survives a photocopier)."""
    # Error correction M tolerates a fold or a stain on a notice board; 4 modules of quiet zone as the standard asks.
    return segno.make(url, error="m").png_data_uri(scale=10, border=4)
