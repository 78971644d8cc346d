"""What the minimum standards' checks read and return: statuses, results, and a year's data read once.

`compliance/rules.py` holds the checks themselves; this module holds the plain data they share
(`Status`, `Item`, `Result`), the `Context` that reads a municipality's year in a fixed number of
queries (or takes it from `YearData` read for several municipalities at once), and the lookup by
which the reports app says when annual reports were published.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.db import models
from django.db.models import F, Min
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consultations.models import ConsultationPlan, Hearing
from municipalities.models import Municipality
from outcomes.models import ConsultationReport
from register.models import CitizenRequest

PUBLIC_MEETINGS = (Hearing.Method.HEARING, Hearing.Method.CITIZENS)

# Evidence that only apps above this one hold (the annual report's publication lives in
# reports/, which may import compliance but not the other way): they register a lookup, which
# answers for several municipalities at once (municipality pk: first publication; absent: not yet).
AnnualReportLookup = Callable[[list[Municipality], int], dict[int, datetime.date]]
_annual_reports_published: AnnualReportLookup | None = None


def register_annual_report_lookup(lookup: AnnualReportLookup) -> None:
    """Let the reports app say when the municipalities' annual reports of a year were first published."""
    global _annual_reports_published
    _annual_reports_published = lookup


class Status:
    PASSED = "passed"
    AT_RISK = "at_risk"
    FAILED = "failed"
    NOT_CHECKED = "not_checked"
    OFF = "off"

    # Worse outcomes sort higher: a rule takes the worst status of its items.
    ORDER = {PASSED: 0, AT_RISK: 1, FAILED: 2}


def status_label(status: str) -> str:
    """The status as staff read it, in the active language."""
    return {
        Status.PASSED: _("Passed"),
        Status.AT_RISK: _("At risk"),
        Status.FAILED: _("Failed"),
        Status.NOT_CHECKED: _("Not checked"),
        Status.OFF: _("Turned off"),
    }[status]


@dataclass(frozen=True)
class Item:
    """One object a rule speaks about (a hearing, a request, a plan), with why."""

    status: str
    label: str
    detail: str
    admin_url: str = ""

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True)
class Result:
    """One rule's outcome for the year."""

    code: str
    number: str
    title: str
    legal_source: str
    parameter: int
    status: str
    note: str
    items: tuple[Item, ...] = field(default=())

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def problems(self) -> tuple[Item, ...]:
        """The items that are at risk or failed."""
        return tuple(item for item in self.items if item.status != Status.PASSED)

    def as_data(self) -> dict:
        """The result as plain JSON-ready data for the open data: counts only, since the objects
        concerned may be unpublished hearings or citizens' requests."""
        return {
            "rule": self.code,
            "number": self.number,
            "legal_source": self.legal_source,
            "value": self.parameter,
            "status": self.status,
            "at_risk": sum(1 for item in self.items if item.status == Status.AT_RISK),
            "failed": sum(1 for item in self.items if item.status == Status.FAILED),
        }


@dataclass(frozen=True)
class YearData:
    """A year's data of several municipalities read at once (`check_years`), by municipality pk:
    what the checks would otherwise read one municipality at a time."""

    hearings: dict[int, list[Hearing]]
    requests: dict[int, list[CitizenRequest]]
    plans: dict[int, ConsultationPlan]
    reports_published: dict[int, datetime.datetime]  # hearing pk: its consultation report's first publication
    annual_reports: dict[int, datetime.date]  # municipality pk: the annual report's first publication


def year_hearings(**filters) -> models.QuerySet[Hearing]:
    return (
        Hearing.objects.filter(**filters)
        .exclude(status=Hearing.Status.CANCELLED)
        .only("pk", "title", "method", "status", "starts_at", "ends_at", "announced_on")
        .annotate(municipality_pk=F("plan__municipality"))
        .order_by("starts_at", "pk")
    )


def year_requests(**filters) -> models.QuerySet[CitizenRequest]:
    return (
        CitizenRequest.objects.filter(**filters)
        .only("pk", "municipality_id", "topic", "text", "status", "received_on", "answered_on")
        .order_by("received_on", "pk")
    )


def first_published_reports(hearing_pks: list[int]) -> dict[int, datetime.datetime]:
    return dict(
        ConsultationReport.objects.filter(hearing__in=hearing_pks)
        .values("hearing")
        .annotate(first=Min("published_at"))
        .values_list("hearing", "first")
    )


@dataclass(frozen=True)
class Context:
    """What every check needs: whose data, which year, and today (and the year's data when read at once)."""

    municipality: Municipality
    year: int
    today: datetime.date
    data: YearData | None = None

    @property
    def year_over(self) -> bool:
        return self.today > datetime.date(self.year, 12, 31)

    @cached_property
    def hearings(self) -> list[Hearing]:
        """The year's consultations that were not cancelled, soonest first: one query for every check."""
        if self.data is not None:
            return self.data.hearings.get(self.municipality.pk, [])
        return list(year_hearings(plan__municipality=self.municipality, plan__year=self.year))

    def requests(self) -> list[CitizenRequest]:
        """The citizens' requests received in the year, oldest first."""
        if self.data is not None:
            return self.data.requests.get(self.municipality.pk, [])
        return list(year_requests(municipality=self.municipality, received_on__year=self.year))

    def plan(self) -> ConsultationPlan | None:
        """The year's plan, published or not."""
        if self.data is not None:
            return self.data.plans.get(self.municipality.pk)
        return ConsultationPlan.objects.filter(municipality=self.municipality, year=self.year).first()

    def reports_published(self, hearing_pks: list[int]) -> dict[int, datetime.datetime]:
        """When each of these consultations' report was first published (absent: not yet)."""
        if self.data is not None:
            return {pk: self.data.reports_published[pk] for pk in hearing_pks if pk in self.data.reports_published}
        return first_published_reports(hearing_pks)

    def annual_report_published(self) -> datetime.date | None:
        """When the year's annual report was first published; None when not (or unknown: see the lookup)."""
        if self.data is not None:
            return self.data.annual_reports.get(self.municipality.pk)
        assert _annual_reports_published is not None
        return _annual_reports_published([self.municipality], self.year).get(self.municipality.pk)

    def meetings(self) -> list[Hearing]:
        """The year's public meetings: hearings and meetings with citizens."""
        return [hearing for hearing in self.hearings if hearing.method in PUBLIC_MEETINGS]


def worst(items, default: str = Status.PASSED) -> str:
    statuses = [item.status for item in items]
    return max(statuses, key=Status.ORDER.__getitem__) if statuses else default


def date_text(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


@lru_cache(maxsize=64)
def admin_pattern(name: str, language: str | None) -> str:
    return reverse(name, args=[0]).replace("/0/", "/{pk}/")


def admin_url(name: str, pk: int) -> str:
    """An admin change address, reversed once per language rather than once per object."""
    return admin_pattern(name, translation.get_language()).format(pk=pk)


def hearing_admin_url(hearing: Hearing) -> str:
    return admin_url("admin:consultations_hearing_change", hearing.pk)


def annual_report_lookup() -> AnnualReportLookup | None:
    """The lookup the reports app registered, or None when it did not (the rule is then not checked)."""
    return _annual_reports_published
