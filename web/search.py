"""Search that forgives capitals and missing diacritics: "degjim" finds "Dëgjim", "BUDZET" finds "budžet".

Citizens often type without ë, ç, č, ž; SQLite also compares non-ASCII capitals exactly.
Each hearing keeps, per language, its title, topic and summary folded (lower case, marks
removed) in `search_text_<language>`; a search folds its words the same way.

The folding (Unicode decomposition) has no portable SQL form (SQLite has no unaccent), so the
column cannot be a database GeneratedField. It is kept right wherever the ORM writes texts:
save(), and HearingQuerySet's update(), bulk_update() and bulk_create(), which refresh it
through the functions below. Raw SQL that changes a title must call `refresh_search_text`.
"""

from __future__ import annotations

import re
import unicodedata

import cyrtranslit
from django.conf import settings

# Letters Unicode does not split into a base letter and a mark.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ı": "i"})
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def fold(text: str) -> str:
    """Lower case without diacritics, for comparing what citizens type with what staff wrote."""
    if _CYRILLIC.search(text):
        # Serbian Cyrillic pages show the Serbian Latin text: "буџет" finds "budžet".
        text = cyrtranslit.to_latin(text, "sr")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).translate(_EXTRA_FOLDS)


def fill_search_text(hearing, fields: tuple[str, ...]) -> None:
    """Set the hearing's folded search text in every language from its translated fields."""
    # Imported here: models.py calls this, and modeltranslation.utils imports Django's admin,
    # which the model layer must not load while the app registry is still being populated.
    from modeltranslation.utils import build_localized_fieldname

    for code in settings.MODELTRANSLATION_LANGUAGES:
        texts = (getattr(hearing, build_localized_fieldname(field, code), "") or "" for field in fields)
        setattr(hearing, build_localized_fieldname("search_text", code), fold("\n".join(texts)))


def search_fields() -> list[str]:
    """The per-language search_text columns."""
    from modeltranslation.utils import build_localized_fieldname

    return [build_localized_fieldname("search_text", code) for code in settings.MODELTRANSLATION_LANGUAGES]


def touches_searched_text(field_names, fields: tuple[str, ...]) -> bool:
    """Whether writing these columns can change a hearing's search text (a text in any language)."""
    from modeltranslation.utils import build_localized_fieldname

    searched = set(fields)
    languages = settings.MODELTRANSLATION_LANGUAGES
    searched.update(build_localized_fieldname(field, code) for field in fields for code in languages)
    return bool(searched.intersection(field_names))


def refresh_search_text(hearings, fields: tuple[str, ...]) -> None:
    """Recompute and store the search text of these hearings (after a write that skipped save())."""
    hearings = list(hearings)
    for hearing in hearings:
        fill_search_text(hearing, fields)
    if hearings:
        type(hearings[0])._base_manager.bulk_update(hearings, search_fields())
