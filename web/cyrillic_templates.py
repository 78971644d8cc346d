"""Django's template backend, with a page, document or email rendered in Serbian Cyrillic transliterated.

Every template the portal renders at the top (a page, a printed document, an email) goes through
here; in a transliterated language (settings.TRANSLITERATED_LANGUAGES) its output, labels from the
generated catalog and Serbian Latin content alike, is written in Cyrillic by web.cyrillic. HTML is
transliterated text node by text node, other templates (.txt emails) as text. The admin is left as
Django renders it: staff see content as they typed it, under Django's own Cyrillic labels.
"""

from __future__ import annotations

from django.template.backends.django import DjangoTemplates as BaseDjangoTemplates
from django.template.backends.django import Template as BaseTemplate
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .cyrillic import html_to_cyrillic, is_transliterated, to_cyrillic, without_keep_marks

# Templates that render the admin's pages (Django's, the project's overrides, the history's).
_ADMIN_PREFIXES = ("admin/", "registration/", "simple_history/")
_TEXT_SUFFIXES = (".txt",)


class Template(BaseTemplate):
    def render(self, context=None, request=None) -> SafeString:
        output = super().render(context, request)
        if not is_transliterated(get_language()):
            return output
        name = self.origin.template_name or ""
        if name.startswith(_ADMIN_PREFIXES):
            return output
        output = to_cyrillic(output) if name.endswith(_TEXT_SUFFIXES) else html_to_cyrillic(output)
        return mark_safe(without_keep_marks(output))  # noqa: S308 (the output of an escaping template)


class DjangoTemplates(BaseDjangoTemplates):
    """The Django template language, each template wrapped in the transliterating Template above."""

    def from_string(self, template_code):
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        template = super().get_template(template_name)
        return Template(template.template, self)
