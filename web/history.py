"""The change history of staff-edited records (django-simple-history), with translated models.

modeltranslation adds one column per language (title_sq, title_en...) after the model
class is built, so the historical model, built with the class, has none of them. The
history therefore records the model's own fields (attendance, status, dates, flags and
the text as saved), and `History` leaves the per-language columns out when it writes a
record instead of failing on them.
"""

from __future__ import annotations

from simple_history.models import HistoricalRecords


class History(HistoricalRecords):
    """HistoricalRecords that skips modeltranslation's per-language columns."""

    def fields_included(self, model):
        from modeltranslation.fields import TranslationField

        return [field for field in super().fields_included(model) if not isinstance(field, TranslationField)]
