"""What the minimum standards' checks read and return: statuses, results, and a year's data read once.

`compliance/rules.py` holds the checks themselves; this module holds the plain data they share
(`Status`, `Item`, `Result`), the year's data of one or many municipalities read in a fixed number
of queries as plain facts (`read_year`, `YearData`), the `Context` a check reads it through, and
the lookup by which the reports app says when annual reports were published.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from django.db import models
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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


_STATUS_LABELS = {
    Status.PASSED: gettext_noop("Passed"),
    Status.AT_RISK: gettext_noop("At risk"),
    Status.FAILED: gettext_noop("Failed"),
    Status.NOT_CHECKED: gettext_noop("Not checked"),
    Status.OFF: gettext_noop("Turned off"),
}


def status_label(status: str) -> str:
    """The status as staff read it, in the active language (tables of every municipality ask it hundreds of times)."""
    return _(_STATUS_LABELS[status])


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


class HearingFacts(NamedTuple):
    """What the checks read of a consultation: plain values, its local start and end days computed once
    (thousands of them for the national view: no model instances, no time zone looked up per row)."""

    pk: int
    municipality_pk: int
    title: str
    method: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    announced_on: datetime.date | None
    start_day: datetime.date
    end_day: datetime.date


class RequestFacts(NamedTuple):
    """What the checks read of a citizen's request."""

    pk: int
    municipality_pk: int
    label: str
    received_on: datetime.date
    answered_on: datetime.date | None
    is_answered: bool


def hearing_facts(hearings: models.QuerySet[Hearing], titles: bool = True) -> list[HearingFacts]:
    """The consultations' facts, soonest first; without their titles (empty) and in no order when nobody
    will read them."""
    zone = timezone.get_current_timezone()
    columns = ["pk", "plan__municipality", "method", "status", "starts_at", "ends_at", "announced_on"]
    # Titles in the active language come through modeltranslation's fallbacks; without them, plain tuples.
    hearings = hearings.order_by()
    rows = hearings.values_list(*columns, "title") if titles else hearings.rewrite(False).values_list(*columns)
    facts = [
        HearingFacts(
            pk,
            municipality,
            rest[0] if rest else "",
            method,
            status,
            starts_at,
            ends_at,
            announced_on,
            starts_at.astimezone(zone).date(),
            ends_at.astimezone(zone).date(),
        )
        for pk, municipality, method, status, starts_at, ends_at, announced_on, *rest in rows
    ]
    return sorted(facts, key=lambda item: (item.starts_at, item.pk)) if titles else facts


def request_facts(requests: models.QuerySet[CitizenRequest], labels: bool = True) -> list[RequestFacts]:
    """The requests' facts, oldest first; without their labels (empty) and in no order when nobody will read them."""
    open_status = CitizenRequest.Status.OPEN
    columns = ["pk", "municipality", "status", "received_on", "answered_on"]
    rows = requests.order_by().values_list(*columns, *(["topic", "text"] if labels else []))
    facts = [
        RequestFacts(
            pk,
            municipality,
            CitizenRequest.label_of(*rest) if rest else "",
            received_on,
            answered_on,
            status != open_status,
        )
        for pk, municipality, status, received_on, answered_on, *rest in rows
    ]
    return sorted(facts, key=lambda item: (item.received_on, item.pk)) if labels else facts


def year_hearings(**filters) -> models.QuerySet[Hearing]:
    """The consultations of a year's plans that were not cancelled (filters name the plan's year)."""
    return Hearing.objects.filter(**filters).exclude(status=Hearing.Status.CANCELLED)


def first_published_reports(hearings: models.QuerySet[Hearing]) -> dict[int, datetime.datetime]:
    """When each of these consultations' report was first published, by hearing pk (absent: not yet)."""
    return dict(
        ConsultationReport.objects.filter(hearing__in=hearings.order_by().values("pk"))
        .values("hearing")
        .annotate(first=Min("published_at"))
        .values_list("hearing", "first")
        .order_by()
    )


@dataclass(frozen=True)
class YearData:
    """A year's data of one or several municipalities read at once (`read_year`), by municipality pk."""

    hearings: dict[int, list[HearingFacts]]
    requests: dict[int, list[RequestFacts]]
    plans: dict[int, ConsultationPlan]
    reports_published: dict[int, datetime.datetime]  # hearing pk: its consultation report's first publication
    annual_reports: dict[int, datetime.date]  # municipality pk: the annual report's first publication


def read_year(municipalities: list[Municipality], year: int, labels: bool = True) -> YearData:
    """Everything the checks read of the municipalities' year, in five queries however many there are."""
    pks = [municipality.pk for municipality in municipalities]
    hearings_of_year = year_hearings(plan__municipality__in=pks, plan__year=year)
    hearings: dict[int, list[HearingFacts]] = {pk: [] for pk in pks}
    for hearing in hearing_facts(hearings_of_year, titles=labels):
        hearings[hearing.municipality_pk].append(hearing)
    requests: dict[int, list[RequestFacts]] = {pk: [] for pk in pks}
    received = CitizenRequest.objects.filter(municipality__in=pks).in_year(year)
    for request in request_facts(received, labels=labels):
        requests[request.municipality_pk].append(request)
    lookup = annual_report_lookup()
    return YearData(
        hearings=hearings,
        requests=requests,
        plans={plan.municipality_id: plan for plan in ConsultationPlan.objects.filter(municipality__in=pks, year=year)},
        reports_published=first_published_reports(hearings_of_year),
        annual_reports=lookup(municipalities, year) if lookup else {},
    )


@dataclass(frozen=True)
class Context:
    """What every check needs: whose data, which year, today, and the year's data read at once.

    `words`: whether the items carry their label, sentence and address (the staff page, the annual
    report); without, each item is its status alone, which is all the national view counts.
    """

    municipality: Municipality
    year: int
    today: datetime.date
    data: YearData
    words: bool = True

    @property
    def year_over(self) -> bool:
        return self.today > datetime.date(self.year, 12, 31)

    @property
    def hearings(self) -> list[HearingFacts]:
        """The year's consultations that were not cancelled, soonest first."""
        return self.data.hearings.get(self.municipality.pk, [])

    def requests(self) -> list[RequestFacts]:
        """The citizens' requests received in the year, oldest first."""
        return self.data.requests.get(self.municipality.pk, [])

    def plan(self) -> ConsultationPlan | None:
        """The year's plan, published or not."""
        return self.data.plans.get(self.municipality.pk)

    def reports_published(self, hearing_pks: list[int]) -> dict[int, datetime.datetime]:
        """When each of these consultations' report was first published (absent: not yet)."""
        published = self.data.reports_published
        return {pk: published[pk] for pk in hearing_pks if pk in published}

    def annual_report_published(self) -> datetime.date | None:
        """When the year's annual report was first published; None when not (or unknown: see the lookup)."""
        return self.data.annual_reports.get(self.municipality.pk)

    def meetings(self) -> list[HearingFacts]:
        """The year's public meetings: hearings and meetings with citizens."""
        return [hearing for hearing in self.hearings if hearing.method in PUBLIC_MEETINGS]

    def item(self, status: str, label: str, text: str, link: tuple[str, int] | None = None, **values) -> Item:
        """One object's finding: `text` is marked with gettext_noop and translated here, its dates
        written as staff read them, `link` an address name and pk; all skipped without words."""
        if not self.words:
            return _wordless(status)
        values = {key: date_text(value) if isinstance(value, datetime.date) else value for key, value in values.items()}
        return Item(status, label, _(text) % values, admin_url(*link) if link else "")


@lru_cache(maxsize=8)
def _wordless(status: str) -> Item:
    return Item(status, "", "", "")


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


def annual_report_lookup() -> AnnualReportLookup | None:
    """The lookup the reports app registered, or None when it did not (the rule is then not checked)."""
    return _annual_reports_published
