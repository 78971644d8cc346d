"""The national view's data: every municipality's year side by side, built in a fixed number of queries.

Data first, rendering second (as reports/summary.py): `build_national_figures(year)` returns a plain
`NationalFigures` that the national page, the national report (page and print), the CSV and the JSON
all render. A municipality's figures come from its **published** annual report where there is one
(the frozen snapshot of its latest version, so the national view never contradicts the municipality's
official document); else from the live records, computed as reports/summary.py computes them, and
marked provisional; a municipality without a published plan for the year is listed as such.

Figures the annual report does not freeze (written comments, the median days to answer) are always
live. The standards come from compliance: frozen with the report, except whether the annual report
itself was published on time, which only the publication after the freeze can tell.

The queries read every municipality at once (grouped by municipality and year), never one
municipality at a time: 38 municipalities cost as many queries as two.
"""

from __future__ import annotations

import contextlib
import datetime
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import get_urlconf, reverse, set_urlconf
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.models import RuleCode
from compliance.rules import Status, status_label
from municipalities.models import Municipality
from municipalities.scoping import every_municipality
from reports.summary import STATUTORY_MEETINGS_A_YEAR

from .inputs import Inputs, cached_inputs

# Where a row's figures come from.
PUBLISHED = "published"  # the latest published version of the municipality's annual report
PROVISIONAL = "provisional"  # the live records: no annual report published yet
NO_PLAN = "no_plan"  # no published plan for the year: nothing to count
SOURCES = (PUBLISHED, PROVISIONAL, NO_PLAN)

# The standards the national table shows, in the rules' order (compliance.models.DEFAULTS).
STANDARD_CODES = tuple(code.value for code in RuleCode)
# The municipalities' portals are served by the installation's default URLconf, the main domain by its own.
PORTAL_URLCONF = "istog_consult.urls"
PLATFORM_URLCONF = "istog_consult.platform_urls"
COUNTED_STATUSES = (Status.PASSED, Status.AT_RISK, Status.FAILED)


def source_label(source: str) -> str:
    """Where the figures come from, in the active language."""
    return {
        PUBLISHED: _("Published annual report"),
        PROVISIONAL: _("Provisional: no annual report published yet"),
        NO_PLAN: _("No published plan"),
    }[source]


def standard_title(code: str) -> str:
    """A minimum standard's name in the active language."""
    return str(RuleCode(code).label)


def percent(part: int, whole: int) -> int | None:
    """A whole-number percentage, rounded half up (as the annual report rounds); None without a whole."""
    return (part * 200 + whole) // (whole * 2) if whole else None


@dataclass(frozen=True)
class Standard:
    """One minimum standard's status for a municipality's year."""

    code: str
    status: str

    @property
    def title(self) -> str:
        return standard_title(self.code)

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True)
class MunicipalityRow:
    """One municipality's year: where its figures come from and the figures themselves."""

    name: str
    slug: str
    portal_url: str
    source: str
    year: int = 0
    report_version: int | None = None
    report_published_on: datetime.date | None = None
    plan_published_on: datetime.date | None = None
    consultations_held: int = 0
    meetings_held: int = 0
    meetings_required: int = STATUTORY_MEETINGS_A_YEAR
    women: int = 0
    men: int = 0
    comments: int = 0
    requests_received: int = 0
    requests_answered: int = 0
    median_answer_days: float | None = None
    standards: tuple[Standard, ...] = ()

    @property
    def has_plan(self) -> bool:
        return self.source != NO_PLAN

    @property
    def annual_report_url(self) -> str:
        """The municipality's annual report of the year on its portal, in the active language."""
        path = reverse("reports:annual-report", kwargs={"year": self.year}, urlconf=PORTAL_URLCONF)
        return self.portal_url.rstrip("/") + path

    @property
    def provisional(self) -> bool:
        return self.source == PROVISIONAL

    @property
    def source_label(self) -> str:
        return source_label(self.source)

    @property
    def participants(self) -> int:
        return self.women + self.men

    @property
    def women_share(self) -> int | None:
        return percent(self.women, self.participants)

    @property
    def meetings_minimum_met(self) -> bool:
        return self.meetings_held >= self.meetings_required

    def standard(self, code: str) -> Standard | None:
        return next((item for item in self.standards if item.code == code), None)

    @property
    def standards_passed(self) -> int:
        return sum(1 for item in self.standards if item.status == Status.PASSED)

    @property
    def standards_checked(self) -> int:
        return sum(1 for item in self.standards if item.status in COUNTED_STATUSES)


@dataclass(frozen=True)
class StandardTotal:
    """How many municipalities passed, are at risk of failing and failed one standard."""

    code: str
    passed: int
    at_risk: int
    failed: int

    @property
    def title(self) -> str:
        return standard_title(self.code)


@dataclass(frozen=True)
class YearTotals:
    """The national figures of one year: every municipality with a published plan added up."""

    year: int
    municipalities: int
    with_plan: int
    with_report: int
    consultations_held: int
    meetings_held: int
    meetings_minimum_met: int
    women: int
    men: int
    requests_received: int
    requests_answered: int

    @property
    def participants(self) -> int:
        return self.women + self.men

    @property
    def women_share(self) -> int | None:
        return percent(self.women, self.participants)


@dataclass(frozen=True)
class NationalFigures:
    """Everything the national view says about a year: a row per municipality, the totals and the trend."""

    year: int
    rows: tuple[MunicipalityRow, ...]
    totals: YearTotals
    comments: int
    median_answer_days: float | None
    standards: tuple[StandardTotal, ...]
    trend: tuple[YearTotals, ...]
    generated_at: datetime.datetime
    meetings_required: int = STATUTORY_MEETINGS_A_YEAR
    standard_codes: tuple[str, ...] = field(default=STANDARD_CODES)

    @property
    def provisional_rows(self) -> int:
        return sum(1 for row in self.rows if row.provisional)


def portal_url(municipality: Municipality) -> str:
    """The municipality's portal (its own domain once the installation has several), else this site's root."""
    return getattr(municipality, "public_url", "") or getattr(municipality, "portal_url", "") or "/"


@contextlib.contextmanager
def portal_urls() -> Iterator[None]:
    """Reverse the municipalities' addresses (reports:, opendata:, admin:) while the main domain's URLconf is active."""
    previous = get_urlconf()
    set_urlconf(PORTAL_URLCONF)
    try:
        yield
    finally:
        set_urlconf(previous)


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def _frozen_standards(frozen: list[dict] | None, live: tuple[Standard, ...]) -> tuple[Standard, ...]:
    """The standards as the report froze them; the annual report's own standard from the live check."""
    statuses = {item["code"]: item["status"] for item in frozen or []}
    statuses.update({item.code: item.status for item in live if item.code == RuleCode.ANNUAL_REPORT})
    return tuple(Standard(code, statuses[code]) for code in STANDARD_CODES if code in statuses)


def _row(year: int, municipality: Municipality, inputs: Inputs, of_year: int) -> MunicipalityRow:
    """The municipality's row of `of_year`: the year shown (with its standards and live-only figures) or
    an earlier one of the trend (counts only)."""
    base = {
        "year": of_year,
        "name": municipality.name,
        "slug": municipality.slug,
        "portal_url": portal_url(municipality),
    }
    standards = tuple(Standard(code, status) for code, status in inputs.standards) if of_year == year else ()
    if of_year not in inputs.plans:
        return MunicipalityRow(source=NO_PLAN, standards=standards, **base)
    plan_published_at = inputs.plans[of_year]
    common = {
        **base,
        "plan_published_on": timezone.localdate(plan_published_at) if plan_published_at else None,
        "comments": inputs.comments if of_year == year else 0,
        "median_answer_days": _median(list(inputs.waited)) if of_year == year else None,
    }
    published = inputs.published.get(of_year)
    if published is not None:
        return MunicipalityRow(
            source=PUBLISHED,
            report_version=published["version"],
            report_published_on=timezone.localdate(published["published_at"]),
            consultations_held=published["consultations_held"] or 0,
            meetings_held=published["meetings_held"] or 0,
            meetings_required=published["meetings_required"] or STATUTORY_MEETINGS_A_YEAR,
            women=published["women"] or 0,
            men=published["men"] or 0,
            requests_received=published["requests_received"] or 0,
            requests_answered=sum(answer["requests"] for answer in published["answers"] or []),
            standards=_frozen_standards(published["standards"], standards) if of_year == year else (),
            **common,
        )
    held = inputs.held.get(of_year, {})
    requests = inputs.requests.get(of_year, {})
    return MunicipalityRow(
        source=PROVISIONAL,
        consultations_held=held.get("held", 0),
        meetings_held=held.get("meetings", 0),
        women=held.get("women", 0),
        men=held.get("men", 0),
        requests_received=requests.get("received", 0),
        requests_answered=requests.get("answered", 0),
        standards=standards,
        **common,
    )


def _year_totals(year: int, rows: list[MunicipalityRow]) -> YearTotals:
    counted = [row for row in rows if row.has_plan]
    return YearTotals(
        year=year,
        municipalities=len(rows),
        with_plan=len(counted),
        with_report=sum(1 for row in counted if row.source == PUBLISHED),
        consultations_held=sum(row.consultations_held for row in counted),
        meetings_held=sum(row.meetings_held for row in counted),
        meetings_minimum_met=sum(1 for row in counted if row.meetings_minimum_met),
        women=sum(row.women for row in counted),
        men=sum(row.men for row in counted),
        requests_received=sum(row.requests_received for row in counted),
        requests_answered=sum(row.requests_answered for row in counted),
    )


def _standard_totals(rows: list[MunicipalityRow]) -> tuple[StandardTotal, ...]:
    totals = []
    for code in STANDARD_CODES:
        statuses = [standard.status for row in rows if (standard := row.standard(code)) is not None]
        totals.append(
            StandardTotal(
                code=code,
                passed=statuses.count(Status.PASSED),
                at_risk=statuses.count(Status.AT_RISK),
                failed=statuses.count(Status.FAILED),
            )
        )
    return tuple(totals)


def build_national_figures(year: int, today: datetime.date | None = None) -> NationalFigures:
    """Every municipality's figures of `year` side by side, with the national totals and their trend."""
    with every_municipality("the national view compares every municipality"):
        municipalities = list(Municipality.objects.order_by("name", "pk"))
        inputs = cached_inputs(municipalities, year, today or timezone.localdate())
    years = sorted({plan_year for item in inputs.values() for plan_year in item.plans} | {year})

    def rows_of(of_year: int) -> list[MunicipalityRow]:
        return [_row(year, municipality, inputs[municipality.pk], of_year) for municipality in municipalities]

    rows = rows_of(year)
    totals = _year_totals(year, rows)
    trend = tuple(totals if item == year else _year_totals(item, rows_of(item)) for item in years)
    return NationalFigures(
        year=year,
        rows=tuple(rows),
        totals=totals,
        comments=sum(row.comments for row in rows),
        median_answer_days=_median([days for item in inputs.values() for days in item.waited]),
        standards=_standard_totals(rows),
        trend=trend,
        generated_at=timezone.now(),
    )
