"""The demo's open written consultation gets the draft it invites comments on: a small PDF.

WeasyPrint renders templates/demo/draft_regulation.html (styled by static/css/draft_document.css)
when the demo loads, so no binary file sits in the repository and the draft names the demo
municipality as its data says.
The document says in every language that it is a demonstration, not an act of the municipality.
"""

from __future__ import annotations

import functools

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation

from consultations.models import Hearing, HearingDocument

DRAFT_TITLES = {
    "title_sq": "Projektrregullorja për mbështetjen financiare të OJQ-ve (draft, PDF demonstrues)",
    "title_sr_latn": "Nacrt pravilnika o finansijskoj podršci NVO (nacrt, demonstracioni PDF)",
    "title_bs": "Nacrt pravilnika o finansijskoj podršci NVO (nacrt, demonstracijski PDF)",
    "title_tr": "STK'lara mali destek yönetmeliği taslağı (taslak, tanıtım PDF'si)",
    "title_en": "Draft regulation on financial support for NGOs (draft, demonstration PDF)",
}
DRAFT_FILE_NAME = "projektrregullore-ojq-draft.pdf"


def draft_pdf(hearing: Hearing) -> bytes:
    """The draft regulation as an A4 PDF, in Albanian like the municipality's drafts."""
    municipality = hearing.plan.municipality
    return _render(municipality.name, municipality.state_line or "Republika e Kosovës", hearing.plan.year)


@functools.cache
def _render(municipality_name: str, state_line: str, year: int) -> bytes:
    # Cached: the test suite loads the demo many times, and the same draft renders the same bytes.
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    context = {"municipality_name": municipality_name, "state_line": state_line, "year": year}
    with translation.override("sq"):
        html = render_to_string("demo/draft_regulation.html", context)
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find("css/draft_document.css"))])


def attach_draft(hearing: Hearing) -> HearingDocument:
    """Attach the draft once; loading the demo again keeps the document it attached before."""
    existing = hearing.documents.filter(title_sq=DRAFT_TITLES["title_sq"]).first()
    if existing:
        return existing
    document = HearingDocument(hearing=hearing, title=DRAFT_TITLES["title_sq"], **DRAFT_TITLES)
    document.file.save(DRAFT_FILE_NAME, ContentFile(draft_pdf(hearing)), save=False)
    document.save()
    return document
