"""Staff-written texts in the page's language, falling back to Albanian and saying so.

django-modeltranslation already returns the Albanian text when a translation is empty;
what it does not tell is *that* it did. Pages need to know, to mark the element with
lang="sq" (screen readers switch voice) and to tell the reader in their own language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from .cyrillic import is_transliterated, source_language, to_cyrillic

FALLBACK_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


@dataclass(frozen=True)
class LocalizedText:
    """A text as shown on the page: its value and the language it is really in."""

    text: str
    language: str
    is_fallback: bool = False
    lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text.strip())


def active_language() -> str:
    """The active language's code, one of LANGUAGES (Albanian when none is active)."""
    code = get_language() or FALLBACK_LANGUAGE
    return code if code in dict(settings.LANGUAGES) else FALLBACK_LANGUAGE


def _is_translated(obj: object, field_name: str) -> bool:
    try:
        return field_name in translator.get_options_for_model(type(obj)).all_fields
    except NotRegistered:
        return False


def localized(obj: object, field_name: str) -> LocalizedText:
    """The field in the active language, else in Albanian with is_fallback set.

    Serbian Cyrillic has no columns: it is the Serbian Latin text, transliterated (web.cyrillic).
    """
    language = active_language()
    if not _is_translated(obj, field_name):
        # Not a translated field: the value is whatever the model holds.
        return LocalizedText(getattr(obj, field_name, "") or "", language)
    # An untranslated field holds None (the translation columns are nullable) or "".
    own = getattr(obj, build_localized_fieldname(field_name, source_language(language))) or ""
    if language == FALLBACK_LANGUAGE or own.strip():
        return LocalizedText(to_cyrillic(own) if is_transliterated(language) else own, language)
    original = getattr(obj, build_localized_fieldname(field_name, FALLBACK_LANGUAGE), "") or ""
    # An empty original is just an empty field, not a missing translation.
    return LocalizedText(original, FALLBACK_LANGUAGE if original.strip() else language, bool(original.strip()))


def localized_items(obj: object, field_name: str) -> LocalizedText:
    """A one-item-a-line field of a plan as localized(), with plan.items() in `lines`."""
    text = localized(obj, field_name)
    lines = obj.items(field_name)
    if is_transliterated(text.language):
        lines = [to_cyrillic(line) for line in lines]
    return LocalizedText(text.text, text.language, text.is_fallback, lines)


# One whole sentence per language: "in Bosnian" cannot be built from the language's name
# in Serbian or Bosnian, where it takes another case ("na bosanskom").
_NOT_YET_AVAILABLE = {
    "sr-latn": _("This text is not yet available in Serbian; it is shown in Albanian."),
    "sr": _("This text is not yet available in Serbian; it is shown in Albanian."),
    "bs": _("This text is not yet available in Bosnian; it is shown in Albanian."),
    "tr": _("This text is not yet available in Turkish; it is shown in Albanian."),
    "en": _("This text is not yet available in English; it is shown in Albanian."),
}


def fallback_notice_text(page_language: str) -> str:
    """The sentence telling, in the page's language, that a text is shown in Albanian."""
    notice = _NOT_YET_AVAILABLE.get(page_language)
    return (
        str(notice) if notice else gettext("This text is not yet available in this language; it is shown in Albanian.")
    )
