"""Marking text in another language than the page's: `<dd{% lang_attr citizen_request.language %}>`.

Screen readers and hyphenation (on the page and in the PDF) follow `lang`; citizens' own
words, staff answers and the laws' titles keep their language inside a page in another.
"""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

from web.cyrillic import keep_as_written
from web.fallback import localized

register = template.Library()


@register.simple_tag
def lang_attr(language: str | None = "") -> str:
    """` lang="xx"` when the text's language (the default content language if unknown) differs from the page's."""
    language = language or settings.LANGUAGE_CODE
    if language == get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag
def in_language(obj: object, field_name: str) -> str:
    """`{% in_language municipality "name" %}`: a staff-written text, in `<span lang="sq">` if it fell back to Albanian.

    So that a reader, a PDF's tags and the Serbian Cyrillic rendering (which leaves another
    language's text as it is) know the text is Albanian.
    """
    text = localized(obj, field_name)
    if text.is_fallback:
        return format_html('<span lang="{}">{}</span>', text.language, text.text)
    return text.text


@register.filter
def as_written(text: str) -> str:
    """`{{ comment.body|as_written }}` in a plain-text email: a citizen's words, never transliterated."""
    return keep_as_written(text)
