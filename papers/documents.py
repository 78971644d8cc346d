"""The papers staff print for a consultation: the public notice, the attendance sheet, the minutes template.

Data first, rendering second, as for the annual report: each function gathers what its
template shows, and web.printing turns the HTML into an A4 PDF in the active
language (the views run inside the address's language).
"""

from __future__ import annotations

import re

from django.template.loader import render_to_string

from consultations.models import Hearing
from register.models import CitizenRequest
from web.addresses import absolute_url
from web.printing import PRINT_BASE, qr_data_uri, render_pdf

# An A4 page holds this many rows of name, gender, village, contact and signature, and the counts box, at a
# height people can write in (about 9 mm each) below the hearing's facts.
ROWS_PER_PAGE = 17
MAX_PAGES = 20


def page_url(hearing: Hearing) -> str:
    """The consultation's public page, absolute, in the active language: what the QR code opens."""
    return absolute_url(hearing.get_absolute_url())


def url_pieces(url: str) -> list[str]:
    """The address cut after each slash: the printed address may break there and nowhere else."""
    return re.findall(r"[^/]*/+|[^/]+$", url)


def _render(template: str, context: dict) -> bytes:
    return render_pdf(render_to_string(template, {"base_template": PRINT_BASE, **context}))


def notice_pdf(hearing: Hearing) -> bytes:
    """The public notice for a notice board: facts, how to take part, the contact and a QR code to the page."""
    url = page_url(hearing)
    return _render(
        "papers/notice.html",
        {
            "hearing": hearing,
            "municipality": hearing.plan.municipality,
            "page_url_pieces": url_pieces(url),
            "qr": qr_data_uri(url),
        },
    )


def attendance_pdf(hearing: Hearing, pages: int = 1) -> bytes:
    """The attendance sheet: numbered rows over `pages` pages, and a box for the counts at the end."""
    pages = max(1, min(pages, MAX_PAGES))
    return _render(
        "papers/attendance_sheet.html",
        {
            "hearing": hearing,
            "municipality": hearing.plan.municipality,
            "pages": [range(page * ROWS_PER_PAGE + 1, (page + 1) * ROWS_PER_PAGE + 1) for page in range(pages)],
        },
    )


def minutes_pdf(hearing: Hearing) -> bytes:
    """The minutes template: the facts filled in, attendance if recorded, the requests so far, blank sections."""
    requests = CitizenRequest.objects.filter(hearing=hearing).order_by("received_on", "pk")
    return _render(
        "papers/minutes.html",
        {"hearing": hearing, "municipality": hearing.plan.municipality, "requests": list(requests)},
    )
