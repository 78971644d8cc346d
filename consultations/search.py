"""Search that forgives capitals and missing diacritics: "degjim" finds "Dëgjim", "BUDZET" finds "budžet".

Citizens often type without ë, ç, č, ž; SQLite also compares non-ASCII capitals exactly.
Each hearing keeps, per language, its title, topic and summary folded (lower case, marks
removed) in `search_text_<language>`; a search folds its words the same way.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings

# Letters Unicode does not split into a base letter and a mark.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ı": "i"})


def fold(text: str) -> str:
    """Lower case without diacritics, for comparing what citizens type with what staff wrote."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).translate(_EXTRA_FOLDS)


def fill_search_text(hearing, fields: tuple[str, ...]) -> None:
    """Set the hearing's folded search text in every language from its translated fields."""
    # Imported here: models.py calls this, and modeltranslation.utils imports Django's admin,
    # which the model layer must not load while the app registry is still being populated.
    from modeltranslation.utils import build_localized_fieldname

    for code, _name in settings.LANGUAGES:
        texts = (getattr(hearing, build_localized_fieldname(field, code), "") or "" for field in fields)
        setattr(hearing, build_localized_fieldname("search_text", code), fold("\n".join(texts)))
