"""Forms of the public pages: the consultations list's filters."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname

from municipalities.models import Municipality
from web.cyrillic import source_language
from web.fallback import FALLBACK_LANGUAGE, active_language
from web.search import fold

from .models import ConsultationPlan, Directorate, Hearing, HearingQuerySet, Place

_SELECT = {"class": "select form-select"}


class HearingFilterForm(forms.Form):
    """Filters of the consultations list, read from the query string so a link can be shared.

    The template renders it as plain markup (templates/includes/filter_field.html): crispy-forms
    cost a third of the list page's rendering time on every request.
    """

    UPCOMING = "upcoming"
    OPEN = "open"
    STATUS_CHOICES = [
        ("", pgettext_lazy("hearing status filter", "Any status")),
        (UPCOMING, Hearing.Status.PLANNED.label),
        (OPEN, pgettext_lazy("hearing status", "Open for comments")),
        (Hearing.Status.HELD, Hearing.Status.HELD.label),
        (Hearing.Status.CANCELLED, Hearing.Status.CANCELLED.label),
    ]

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Words from the title, topic or summary."),
        widget=forms.TextInput(attrs={"class": "textinput form-control"}),
        error_messages={"max_length": _("Shorten the search to at most %(limit_value)d characters.")},
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        widget=forms.Select(attrs=_SELECT),
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _("There is no published plan for the year “%(value)s”. Choose a year from the list.")
        },
    )
    method = forms.ChoiceField(
        label=_("Consultation method"),
        required=False,
        widget=forms.Select(attrs=_SELECT),
        choices=[("", _("Any method")), *Hearing.Method.choices],
        error_messages={"invalid_choice": _("“%(value)s” is not a consultation method. Choose one from the list.")},
    )
    directorate = forms.ModelChoiceField(
        label=_("Organising directorate"),
        required=False,
        widget=forms.Select(attrs=_SELECT),
        queryset=Directorate.objects.none(),
        empty_label=_("Any directorate"),
        error_messages={"invalid_choice": _("There is no such directorate. Choose one from the list.")},
    )
    place = forms.ModelChoiceField(
        label=pgettext_lazy("where a hearing is held", "Place"),
        required=False,
        widget=forms.Select(attrs=_SELECT),
        queryset=Place.objects.none(),
        empty_label=_("Any place"),
        error_messages={"invalid_choice": _("There is no such place. Choose one from the list.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        widget=forms.Select(attrs=_SELECT),
        choices=STATUS_CHOICES,
        error_messages={"invalid_choice": _("“%(value)s” is not a status. Choose one from the list.")},
    )

    def __init__(self, *args, municipality: Municipality | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        plans = ConsultationPlan.objects.published().filter(municipality=municipality)
        years = plans.values_list("year", flat=True).order_by("-year")
        self.fields["year"].choices = [("", _("Any year")), *((year, year) for year in years)]
        self.fields["directorate"].queryset = Directorate.objects.filter(municipality=municipality)
        self.fields["place"].queryset = Place.objects.filter(municipality=municipality)

    def full_clean(self) -> None:
        """Validate, then mark the fields in error for Bootstrap (Django adds aria-invalid and the error's id)."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    @property
    def filters_rejected(self) -> list[str]:
        """Labels of the fields whose value could not be used (so the list ignores them)."""
        return [str(self.fields[name].label) for name in self.errors]

    @property
    def is_filtered(self) -> bool:
        """Whether any usable filter narrows the list."""
        if not self.is_bound:
            return False
        self.is_valid()
        return any(self.cleaned_data.get(name) not in (None, "") for name in self.fields)

    def filter(self, hearings: HearingQuerySet, now: datetime.datetime) -> HearingQuerySet:
        """The hearings narrowed by every valid filter; invalid ones are ignored (their field shows why)."""
        self.is_valid()  # fills cleaned_data with the valid fields and errors with the others
        data = self.cleaned_data
        if data.get("year"):
            hearings = hearings.in_year(data["year"])
        if data.get("method"):
            hearings = hearings.filter(method=data["method"])
        if data.get("directorate"):
            hearings = hearings.filter(directorate=data["directorate"])
        if data.get("place"):
            hearings = hearings.filter(place=data["place"])
        status = data.get("status")
        if status == self.UPCOMING:
            hearings = hearings.upcoming(now)
        elif status == self.OPEN:
            hearings = hearings.open_for_comments(now)
        elif status:
            hearings = hearings.filter(status=status)
        if data.get("q"):
            hearings = hearings.filter(self._search(data["q"]))
        return hearings

    @staticmethod
    def _search(words: str) -> Q:
        """Every word must appear in the title, topic or summary, in the page's language or in Albanian
        (capitals and diacritics aside: search.py)."""
        # Serbian Cyrillic searches the Serbian Latin texts (a Cyrillic query is folded to Latin).
        languages = {source_language(active_language()), FALLBACK_LANGUAGE}
        condition = Q()
        for word in fold(words).split():
            matches = Q()
            for language in languages:
                matches |= Q(**{f"{build_localized_fieldname('search_text', language)}__contains": word})
            condition &= matches
        return condition
