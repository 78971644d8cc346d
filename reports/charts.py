"""Bar charts of women and men, drawn on the server as inline SVG geometry.

The template `reports/includes/bar_chart.svg.html` draws what `bar_chart` computes: no
JavaScript and no style attributes (the CSP forbids inline styles), only SVG presentation
attributes such as fill, which are not styles. Each bar carries its number beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Colours with at least 3:1 contrast against white (WCAG 1.4.11) and distinct for common
# colour-vision deficiencies; the legend and the numbers carry the meaning as well.
WOMEN_COLOR = "#8e3b8a"
MEN_COLOR = "#1f5f99"
LABEL_WIDTH = 250
BAR_AREA = 300
BAR_HEIGHT = 14
GROUP_GAP = 14
TOP = 28


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    value: int
    fill: str
    text_x: int


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    groups: tuple[Group, ...]
    women_color: str = WOMEN_COLOR
    men_color: str = MEN_COLOR


def bar_chart(rows) -> BarChart:
    """Two bars (women, men) per row; rows need `label`, `women` and `men`."""
    rows = list(rows)
    largest = max([row.women for row in rows] + [row.men for row in rows] + [1])
    groups = []
    y = TOP
    for row in rows:
        bars = []
        for offset, (value, fill) in enumerate(((row.women, WOMEN_COLOR), (row.men, MEN_COLOR))):
            width = round(BAR_AREA * value / largest)
            bar_y = y + offset * BAR_HEIGHT
            bars.append(Bar(y=bar_y, width=width, value=value, fill=fill, text_x=LABEL_WIDTH + width + 4))
        groups.append(Group(label=row.label, label_y=y + BAR_HEIGHT + 4, bars=tuple(bars)))
        y += 2 * BAR_HEIGHT + GROUP_GAP
    return BarChart(width=LABEL_WIDTH + BAR_AREA + 50, height=y, label_width=LABEL_WIDTH, groups=tuple(groups))
