"""`{% bar_chart rows as chart %}`: the geometry of a women-and-men bar chart for the template."""

from django import template

from reports import charts

register = template.Library()


@register.simple_tag
def bar_chart(rows) -> charts.BarChart:
    """The chart's geometry for rows with label, women and men (see reports.charts)."""
    return charts.bar_chart(rows)
