"""What the browser tests know about the portal: its languages, the report's year, its addresses."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from demo import istog_2025 as demo

# The per-language checks read the portal's own list, so a new language is tested at once.
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# The year whose plan and report the demo data (load_istog_2025) reproduces.
REPORT_YEAR = demo.REPORT_YEAR


def url(name: str, lang: str, **kwargs) -> str:
    """The path of a named URL in a language (its prefix comes from the language)."""
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)
