"""Template tags of the public pages: staff-written texts with their Albanian fallback, calendar links."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from consultations.fallback import LocalizedText, active_language, fallback_notice_text, localized, localized_items
from consultations.models import Hearing

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
def calendar_url(hearing: Hearing | None = None) -> str:
    """{% calendar_url hearing %}: the hearing's .ics (without one, every hearing's) in the page's language."""
    url = reverse("opendata:hearing-calendar", kwargs={"pk": hearing.pk}) if hearing else reverse("opendata:calendar")
    language = active_language()
    # The calendar files have no language prefix: ?lang= chooses it, Albanian without it.
    if language != settings.LANGUAGE_CODE:
        url = f"{url}?{urlencode({'lang': language})}"
    return url
