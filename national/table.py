"""Sorting and filtering the national table by query parameters, so that it works without JavaScript.

Every parameter the page reads is declared here (`PARAMETERS`, given to web.pagecache.public_page);
a value the page does not know is ignored, never an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from compliance.rules import Status

from .figures import SOURCES, STANDARD_CODES, MunicipalityRow, source_label, standard_title

PARAMETERS = ("sort", "report", "meetings", "standard", "status")

# The columns a reader may sort by; a row without the figure (no plan) sorts last either way.
SORTS: dict[str, tuple[object, Callable[[MunicipalityRow], object]]] = {
    "name": (_("Municipality"), lambda row: row.name),
    "report": (_("Annual report"), lambda row: (row.report_version is None, row.source)),
    "held": (_("Consultations held"), lambda row: row.consultations_held),
    "meetings": (_("Public meetings held"), lambda row: row.meetings_held),
    "participants": (_("People who took part"), lambda row: row.participants),
    "women": (_("Women's share"), lambda row: row.women_share),
    "comments": (_("Written comments"), lambda row: row.comments),
    "answered": (_("Requests answered"), lambda row: row.requests_answered),
    "days": (_("Median days to answer"), lambda row: row.median_answer_days),
    "standards": (_("Standards passed"), lambda row: row.standards_passed),
}
STATUSES = (Status.PASSED, Status.AT_RISK, Status.FAILED)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class TableState:
    """What the reader asked for: the sort column and direction, and the filters."""

    sort: str = "name"
    descending: bool = False
    report: str = ""
    meetings: str = ""
    standard: str = ""
    status: str = ""

    @property
    def filtered(self) -> bool:
        return bool(self.report or self.meetings or (self.standard and self.status))

    def apply(self, rows: tuple[MunicipalityRow, ...]) -> list[MunicipalityRow]:
        """The rows the filters keep, in the order asked for."""
        kept = [row for row in rows if self._keeps(row)]
        key = SORTS[self.sort][1]
        with_value = [row for row in kept if key(row) is not None]
        without = [row for row in kept if key(row) is None]
        with_value.sort(key=lambda row: (key(row), row.name), reverse=self.descending)
        return with_value + without

    def _keeps(self, row: MunicipalityRow) -> bool:
        if self.report and row.source != self.report:
            return False
        if self.meetings and (not row.has_plan or row.meetings_minimum_met != (self.meetings == "met")):
            return False
        if self.standard and self.status:
            standard = row.standard(self.standard)
            return standard is not None and standard.status == self.status
        return True

    def sort_query(self, column: str) -> str:
        """The query string that sorts by `column` (the other direction when it is the current one)."""
        descending = not self.descending if column == self.sort else column != "name"
        params = self._filters()
        params["sort"] = f"-{column}" if descending else column
        return _encode(params)

    def _filters(self) -> dict[str, str]:
        names = ("report", "meetings", "standard", "status")
        return {name: getattr(self, name) for name in names if getattr(self, name)}

    def headers(self) -> dict[str, dict[str, str]]:
        """For each sortable column: the query that sorts by it and its aria-sort value ("" when not sorted by it)."""
        return {key: {"query": self.sort_query(key), "aria_sort": self.aria_sort(key)} for key in SORTS}

    def aria_sort(self, column: str) -> str:
        if column != self.sort:
            return ""
        return "descending" if self.descending else "ascending"

    def choices(self) -> dict[str, list[Choice]]:
        """The options of each filter, labelled in the active language, the current one selected."""
        current = f"-{self.sort}" if self.descending else self.sort
        sorts = []
        for key, (label, _key) in SORTS.items():
            sorts.append(Choice(key, _("%(column)s, ascending") % {"column": label}, current == key))
            sorts.append(Choice(f"-{key}", _("%(column)s, descending") % {"column": label}, current == f"-{key}"))
        return {
            "sort": sorts,
            "report": [Choice(source, source_label(source), source == self.report) for source in SOURCES],
            "meetings": [
                Choice("met", str(_("At least the required number")), self.meetings == "met"),
                Choice("not_met", str(_("Fewer than required")), self.meetings == "not_met"),
            ],
            "standard": [Choice(code, standard_title(code), code == self.standard) for code in STANDARD_CODES],
            "status": [
                Choice(status, str(label), status == self.status)
                for status, label in (
                    (Status.PASSED, _("Passed")),
                    (Status.AT_RISK, _("At risk")),
                    (Status.FAILED, _("Failed")),
                )
            ],
        }


def _encode(params: dict[str, str]) -> str:
    query = QueryDict(mutable=True)
    query.update(params)
    return query.urlencode()


def table_state(query: QueryDict) -> TableState:
    """The reader's sort and filters from the query string; unknown values count as not given."""
    sort = query.get("sort", "name")
    descending = sort.startswith("-")
    sort = sort.removeprefix("-")
    if sort not in SORTS:
        sort, descending = "name", False
    report = query.get("report", "")
    meetings = query.get("meetings", "")
    standard = query.get("standard", "")
    status = query.get("status", "")
    return TableState(
        sort=sort,
        descending=descending,
        report=report if report in SOURCES else "",
        meetings=meetings if meetings in ("met", "not_met") else "",
        standard=standard if standard in STANDARD_CODES else "",
        status=status if status in STATUSES else "",
    )
