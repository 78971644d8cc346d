"""Forms of the public pages: the consultations list's filters."""

from __future__ import annotations

import datetime

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .fallback import FALLBACK_LANGUAGE, active_language
from .models import ConsultationPlan, Directorate, Hearing, HearingQuerySet, Municipality, Place
from .search import fold


class HearingFilterForm(forms.Form):
    """Filters of the consultations list, read from the query string so a link can be shared."""

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
        error_messages={"max_length": _("Shorten the search to at most %(limit_value)d characters.")},
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _("There is no published plan for the year “%(value)s”. Choose a year from the list.")
        },
    )
    method = forms.ChoiceField(
        label=_("Consultation method"),
        required=False,
        choices=[("", _("Any method")), *Hearing.Method.choices],
        error_messages={"invalid_choice": _("“%(value)s” is not a consultation method. Choose one from the list.")},
    )
    directorate = forms.ModelChoiceField(
        label=_("Organising directorate"),
        required=False,
        queryset=Directorate.objects.none(),
        empty_label=_("Any directorate"),
        error_messages={"invalid_choice": _("There is no such directorate. Choose one from the list.")},
    )
    place = forms.ModelChoiceField(
        label=pgettext_lazy("where a hearing is held", "Place"),
        required=False,
        queryset=Place.objects.none(),
        empty_label=_("Any place"),
        error_messages={"invalid_choice": _("There is no such place. Choose one from the list.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
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
        self.helper = self._build_helper()

    def _build_helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_action = reverse("consultations:hearing-list")
        helper.disable_csrf = True
        helper.form_id = "hearing-filters"
        helper.attrs = {"role": "search", "aria-label": _("Filter the consultations")}
        helper.layout = Layout(
            Row(
                Column("q", css_class="col-12 col-lg-6"),
                Column("year", css_class="col-12 col-sm-6 col-lg-3"),
                Column("status", css_class="col-12 col-sm-6 col-lg-3"),
            ),
            Row(
                Column("method", css_class="col-12 col-lg-4"),
                Column("directorate", css_class="col-12 col-sm-6 col-lg-4"),
                Column("place", css_class="col-12 col-sm-6 col-lg-4"),
            ),
            Row(
                Column(
                    StrictButton(_("Show consultations"), type="submit", css_class="btn-primary"),
                    HTML(
                        format_html(
                            '<a class="btn btn-link" href="{}">{}</a>',
                            reverse("consultations:hearing-list"),
                            gettext("Clear filters"),
                        )
                    ),
                    css_class="col-12",
                )
            ),
        )
        return helper

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
        languages = {active_language(), FALLBACK_LANGUAGE}
        condition = Q()
        for word in fold(words).split():
            matches = Q()
            for language in languages:
                matches |= Q(**{f"{build_localized_fieldname('search_text', language)}__contains": word})
            condition &= matches
        return condition
