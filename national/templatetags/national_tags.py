"""Small helpers for the national templates."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str):
    """mapping[key] in a template (a column's sort link by the column's key)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def days(value: float | None) -> str:
    """A median number of days: whole when it is whole, one decimal otherwise, '–' when there is none."""
    return "–" if value is None else floatformat(value, -1)


@register.filter
def standard(row, code: str):
    """The row's status of one minimum standard (None when it was not checked)."""
    return row.standard(code)
