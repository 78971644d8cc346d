"""What the browser tests know about the portal: its languages, the report's year, its addresses."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from demo import istog_2025 as demo

# The per-language checks read the demo municipality's own list (Istog's languages, in the installation's
# order), so a language it adds is tested at once. Turkish is Mamusha's (tests/demo/test_three_municipalities.py).
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES if code in demo.ISTOG_LANGUAGES]
# The year whose plan and report the demo data (load_istog_2025) reproduces.
REPORT_YEAR = demo.REPORT_YEAR


def url(name: str, lang: str, **kwargs) -> str:
    """The path of a named URL in a language (its prefix comes from the language)."""
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


PAGES = [
    "home",
    "hearing-list",
    "held-hearing",
    "open-consultation",
    "reported-hearing",
    "plan",
    "report",
    "report-index",
    "verify",
    "not-found",
]
# Every public page a citizen reaches from the menu or the footer, for the layout checks.
PUBLIC_PAGES = [*PAGES, "plan-index", "opendata", "subscribe"]


def page_path(name: str, lang: str, demo) -> str | None:
    """The path of one of the pages under test, or None when the demo data has no such page."""
    if name == "home":
        return url("consultations:home", lang)
    if name == "hearing-list":
        return url("consultations:hearing-list", lang)
    if name == "held-hearing":
        return url("consultations:hearing-detail", lang, pk=demo.held_hearing_pk)
    if name == "open-consultation":
        if demo.open_consultation_pk is None:
            return None
        return url("consultations:hearing-detail", lang, pk=demo.open_consultation_pk)
    if name == "reported-hearing":
        return url("consultations:hearing-detail", lang, pk=demo.reported_hearing_pk)
    if name == "plan":
        return url("consultations:plan-detail", lang, year=REPORT_YEAR)
    if name == "report":
        return url("reports:annual-report", lang, year=REPORT_YEAR)
    if name == "not-found":
        return f"/{lang}/no-such-page/"
    simple = {
        "plan-index": "consultations:plan-index",
        "report-index": "reports:report-index",
        "verify": "reports:verify",
        "opendata": "opendata-pages:opendata",
        "subscribe": "participation:subscribe",
    }
    if name in simple:
        return url(simple[name], lang)
    raise ValueError(name)
