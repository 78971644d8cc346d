"""The national view's bar charts, drawn on the server as inline SVG geometry (no JavaScript, no styles).

One bar per municipality with its value written beside it; the template
`national/includes/bar_chart.svg.html` draws what `bar_chart` computes. A chart is never the only
way to read a figure: the table of the page holds the same values, and the chart's description
says them in words.
"""

from __future__ import annotations

from dataclasses import dataclass

# At least 3:1 against white (WCAG 1.4.11); the number beside each bar carries the meaning too.
BAR_COLOR = "#0b4f8a"
MARK_COLOR = "#8e3b8a"
LABEL_WIDTH = 190
BAR_AREA = 220
BAR_HEIGHT = 14
ROW_HEIGHT = 20
TOP = 6


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    label_y: int
    y: int
    width: int
    text_x: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]
    mark_x: int | None = None  # a required level (two meetings a year), drawn as a line
    color: str = BAR_COLOR
    mark_color: str = MARK_COLOR

    @property
    def bottom(self) -> int:
        return self.height - 2


def bar_chart(items: list[tuple[str, int | None, str]], maximum: int, mark: int | None = None) -> BarChart:
    """One bar per (label, value, text); `maximum` fills the bar area; `mark` draws a required level."""
    maximum = max(maximum, 1)
    bars = []
    y = TOP
    for label, value, text in items:
        width = round(BAR_AREA * min(value or 0, maximum) / maximum)
        bars.append(Bar(label=label, text=text, label_y=y + 11, y=y, width=width, text_x=LABEL_WIDTH + width + 4))
        y += ROW_HEIGHT
    mark_x = LABEL_WIDTH + round(BAR_AREA * mark / maximum) if mark is not None and mark <= maximum else None
    return BarChart(
        width=LABEL_WIDTH + BAR_AREA + 60, height=y + 4, label_width=LABEL_WIDTH, bars=tuple(bars), mark_x=mark_x
    )
