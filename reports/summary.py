"""The annual report's data: every figure of the report, computed from the querysets.

The report is made in three steps, data first and rendering second. Step one: this module
builds a plain, frozen dataclass; step two: the template `reports/annual_report.html` renders
it for the page and for print; step three: `reports/pdf.py` turns the printed HTML into a PDF.

Labels (methods, channels, places, answers) are resolved to text in the active
language while the summary is built, so build it inside `translation.override()`
for the language the document will be rendered in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from consultations.models import (
    FIRST_PLAN_YEAR,
    LAST_PLAN_YEAR,
    AnnouncementChannel,
    ConsultationPlan,
    Hearing,
    Municipality,
    Place,
)
from register.models import CitizenRequest


class PlanNotFound(Exception):
    """The municipality has no plan (or no published plan, when one is required) for the year."""

    def __init__(self, year: int, municipality: Municipality | None, *, published_only: bool = False) -> None:
        self.year = year
        self.municipality = municipality
        self.published_only = published_only
        what = "published plan" if published_only else "plan"
        where = municipality.slug if municipality else "no municipality"
        super().__init__(f"No {what} of public consultations for {year} ({where}).")


@dataclass(frozen=True)
class MethodRow:
    """One row of the report's table: the held hearings of one consultation method."""

    number: int
    method: str
    label: str
    first_day: datetime.date
    last_day: datetime.date
    consultations: int
    women: int
    men: int

    @property
    def total(self) -> int:
        return self.women + self.men

    @property
    def single_day(self) -> bool:
        return self.first_day == self.last_day


@dataclass(frozen=True)
class ChannelUse:
    """An announcement channel and how many held hearings were announced through it."""

    code: str
    name: str
    consultations: int


@dataclass(frozen=True)
class PlaceUse:
    """A kind of place (local community, assembly hall...) and the held hearings there."""

    kind: str
    label: str
    places: int
    consultations: int


@dataclass(frozen=True)
class AnswerUse:
    """A way citizens' requests were answered and how many requests were answered so."""

    channel: str
    label: str
    requests: int


@dataclass(frozen=True)
class AnnualSummary:
    """Everything the annual report on public consultations says, as computed figures."""

    municipality: Municipality
    plan: ConsultationPlan
    consultations_held: int
    women: int
    men: int
    total: int
    methods: tuple[MethodRow, ...]
    channels: tuple[ChannelUse, ...]
    places: tuple[PlaceUse, ...]
    without_place: int
    answers: tuple[AnswerUse, ...]
    requests_received: int
    requests_open: int
    generated_at: datetime.datetime

    @property
    def year(self) -> int:
        return self.plan.year

    @property
    def requests_answered(self) -> int:
        return sum(answer.requests for answer in self.answers)


def build_annual_summary(
    year: int, municipality: Municipality | None = None, *, published_only: bool = False
) -> AnnualSummary:
    """Compute the annual report for the municipality's plan of `year` in a fixed number of queries."""
    municipality = municipality or Municipality.objects.current()
    plans = ConsultationPlan.objects.filter(municipality=municipality, year=year)
    if published_only:
        plans = plans.published()
    plan = plans.select_related("municipality").first() if municipality else None
    if plan is None:
        raise PlanNotFound(year, municipality, published_only=published_only)

    # The report is the officer's account of the year, so it counts every held hearing
    # of the plan, published on the portal or not: attendance is recorded by staff for
    # each meeting held, whether or not its page has been made public yet.
    held = Hearing.objects.filter(plan=plan).held()
    totals = held.attendance_totals()
    requests = CitizenRequest.objects.filter(municipality=plan.municipality).in_year(year)
    request_counts = requests.aggregate(
        received=Count("pk"), open=Count("pk", filter=Q(status=CitizenRequest.Status.OPEN))
    )
    places, without_place = _places(held)
    return AnnualSummary(
        municipality=plan.municipality,
        plan=plan,
        consultations_held=held.count(),
        women=totals["women"],
        men=totals["men"],
        total=totals["total"],
        methods=_methods(held),
        channels=_channels(held),
        places=places,
        without_place=without_place,
        answers=_answers(requests.answer_breakdown()),
        requests_received=request_counts["received"],
        requests_open=request_counts["open"],
        generated_at=timezone.now(),
    )


def _methods(held) -> tuple[MethodRow, ...]:
    rows = {
        row["method"]: row
        for row in held.values("method")
        .annotate(
            first=Min("starts_at"),
            last=Max("ends_at"),
            consultations=Count("pk"),
            women=Coalesce(Sum("women"), 0),
            men=Coalesce(Sum("men"), 0),
        )
        .order_by()
    }
    # The order of Hearing.Method, as the municipality's own table lists its methods.
    used = [method for method in Hearing.Method if method.value in rows]
    return tuple(
        MethodRow(
            number=number,
            method=method.value,
            label=str(method.label),
            first_day=timezone.localdate(rows[method.value]["first"]),
            last_day=timezone.localdate(rows[method.value]["last"]),
            consultations=rows[method.value]["consultations"],
            women=rows[method.value]["women"],
            men=rows[method.value]["men"],
        )
        for number, method in enumerate(used, start=1)
    )


def _channels(held) -> tuple[ChannelUse, ...]:
    channels = (
        AnnouncementChannel.objects.annotate(consultations=Count("hearings", filter=Q(hearings__in=held)))
        .filter(consultations__gt=0)
        .order_by("position", "code")
    )
    return tuple(
        ChannelUse(code=channel.code, name=channel.name, consultations=channel.consultations) for channel in channels
    )


def _places(held) -> tuple[tuple[PlaceUse, ...], int]:
    counts = {
        row["place__kind"]: row
        for row in held.values("place__kind")
        .annotate(places=Count("place", distinct=True), consultations=Count("pk"))
        .order_by()
    }
    without = counts.pop(None, {"consultations": 0})["consultations"]
    places = tuple(
        PlaceUse(
            kind=kind.value,
            label=str(kind.label),
            places=counts[kind.value]["places"],
            consultations=counts[kind.value]["consultations"],
        )
        for kind in Place.Kind
        if kind.value in counts
    )
    return places, without


def _answers(breakdown: dict[str, int]) -> tuple[AnswerUse, ...]:
    return tuple(
        AnswerUse(channel=channel.value, label=str(channel.label), requests=breakdown.get(channel.value, 0))
        for channel in CitizenRequest.AnswerChannel
        if channel.value
    )


def year_in_range(year: int) -> bool:
    """Whether a report may exist for the year (guards addresses against absurd numbers)."""
    return FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR
