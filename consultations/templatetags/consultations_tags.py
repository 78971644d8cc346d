"""Template tags of the public pages: translated texts with their Albanian fallback."""

from django import template

from consultations.fallback import LocalizedText, active_language, fallback_notice_text, localized, localized_items

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
