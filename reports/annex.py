"""The annex of the printed annual report: every consultation up to a size that reads on paper, a summary beyond.

At 10,000 consultations a year the one-row-per-consultation annex is hundreds of pages no one
reads on paper (and minutes of CPU to print). Beyond REPORT_ANNEX_ROWS (200) rows the printed report
groups the consultations by month, method and place (every figure still exact, the totals
equal to the full list's) and points to the year's open data CSV with its SHA-256, which lists
each one. The CSV is built by opendata, above this app: it registers how (`register_list`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.dates import MONTHS

from .summary import AnnexRow


@dataclasses.dataclass(frozen=True)
class AnnexGroup:
    """The held consultations of one month, method and place, with their attendance."""

    month: str
    method_label: str
    place: str
    consultations: int
    women: int
    men: int

    @property
    def total(self) -> int:
        return self.women + self.men


@dataclasses.dataclass(frozen=True)
class FullList:
    """Where the full list is (an absolute address) and the SHA-256 of its bytes when the report was printed."""

    url: str
    sha256: str


def groups(annex: tuple[AnnexRow, ...]) -> tuple[AnnexGroup, ...]:
    """The annex's rows summed by month, method and place, in the year's order."""
    found: dict[tuple[int, str, str], list[int]] = {}
    for row in annex:
        counts = found.setdefault((row.date.month, row.method_label, row.place), [0, 0, 0])
        counts[0] += 1
        counts[1] += row.women
        counts[2] += row.men
    return tuple(
        AnnexGroup(str(MONTHS[month]), method, place, consultations, women, men)
        for (month, method, place), (consultations, women, men) in sorted(found.items())
    )


_full_list: Callable[[Any, int], FullList | None] | None = None


def register_list(builder: Callable[[Any, int], FullList | None]) -> None:
    """opendata says how to find the year's CSV: builder(municipality, year) -> FullList or None."""
    global _full_list
    _full_list = builder


def printed_annex(annex: tuple[AnnexRow, ...], municipality, year: int) -> dict[str, Any]:
    """What the printed annex shows: the rows themselves, or their groups and the full list's address."""
    if len(annex) <= settings.REPORT_ANNEX_ROWS:
        return {"annex_summarised": False}
    summed = groups(annex)
    return {
        "annex_summarised": True,
        "annex_groups": summed,
        "annex_total": AnnexGroup(
            "",
            "",
            "",
            sum(group.consultations for group in summed),
            sum(group.women for group in summed),
            sum(group.men for group in summed),
        ),
        "annex_list": _full_list(municipality, year) if _full_list else None,
    }
