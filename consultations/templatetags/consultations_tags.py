"""Template tags of the public pages: staff-written texts with their Albanian fallback, calendar links."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from consultations.forms import HearingFilterForm
from consultations.models import Hearing
from web.fallback import LocalizedText, active_language, fallback_notice_text, localized, localized_items
from web.pagecache import cached_fragments

register = template.Library()


@register.simple_tag
def localized_text(obj: object, field_name: str) -> LocalizedText:
    """{% localized_text hearing "title" as title %}: the text and whether it fell back to Albanian."""
    return localized(obj, field_name)


@register.simple_tag
def localized_lines(plan: object, field_name: str) -> LocalizedText:
    """{% localized_lines plan "participants" as participants %}: as localized_text, with `.lines`."""
    return localized_items(plan, field_name)


@register.inclusion_tag("includes/fallback_notice.html")
def fallback_notice(text: LocalizedText, short: bool = False) -> dict:
    """The notice that a text is shown in Albanian because the page's language lacks it."""
    return {
        "show": text.is_fallback,
        "short": short,
        "notice": fallback_notice_text(active_language()) if text.is_fallback else "",
    }


@register.simple_tag
def hearing_rows(hearings: list[Hearing], level: int = 3) -> SafeString:
    """{% hearing_rows hearings level=4 %}: includes/hearing_row.html for each hearing, each row rendered
    once per content version and language and then taken from the cache (pagecache.cached_fragments)."""
    template = get_template("includes/hearing_row.html")
    rows = cached_fragments(
        f"hearing-row-{level}",
        list(hearings),
        part=lambda hearing: hearing.pk,
        render=lambda hearing: template.render({"hearing": hearing, "level": level}),
    )
    return mark_safe("".join(rows))  # noqa: S308 - each row was escaped by its template


@register.simple_tag
def hearing_filters(form: HearingFilterForm) -> SafeString:
    """{% hearing_filters form %}: the list's filter form (includes/hearing_filters.html), rendered once
    per content version, language and filter values, then taken from the cache."""
    # What the markup shows: the values as the widgets read them (their repr: None is not "None").
    values = (form.is_bound, [(name, form[name].value()) for name in form.fields])
    template = get_template("includes/hearing_filters.html")
    (html,) = cached_fragments(
        "hearing-filters", [form], part=lambda _form: values, render=lambda form: template.render({"form": form})
    )
    return mark_safe(html)  # noqa: S308 - escaped by its template


@register.simple_tag
def calendar_url(hearing: Hearing | None = None) -> str:
    """{% calendar_url hearing %}: the hearing's .ics (without one, every hearing's) in the page's language."""
    url = reverse("opendata:hearing-calendar", kwargs={"pk": hearing.pk}) if hearing else reverse("opendata:calendar")
    language = active_language()
    # The calendar files have no language prefix: ?lang= chooses it, Albanian without it.
    if language != settings.LANGUAGE_CODE:
        url = f"{url}?{urlencode({'lang': language})}"
    return url
