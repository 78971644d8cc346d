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
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS

from compliance.rules import Result, check_year
from consultations.models import (
    FIRST_PLAN_YEAR,
    LAST_PLAN_YEAR,
    AnnouncementChannel,
    ConsultationPlan,
    Hearing,
    Place,
)
from municipalities.models import Municipality
from outcomes.items import response_label, year_counts
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


# The Law on Local Self-Government (art. 68) asks for at least two public meetings a year;
# the meetings are the methods where citizens gather in a room.
STATUTORY_MEETINGS_A_YEAR = 2
MEETING_METHODS = (Hearing.Method.HEARING.value, Hearing.Method.CITIZENS.value)


@dataclass(frozen=True)
class MunicipalityInfo:
    """What the report says about the municipality, frozen with the figures."""

    name: str
    slug: str
    consultations_url: str = ""
    state_line: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    reference_prefix: str = ""
    # Demonstration data: the page and the PDF say the figures are invented (templates/print_base.html).
    illustrative: bool = False


@dataclass(frozen=True)
class PlanInfo:
    """What the report says about the year's plan, frozen with the figures."""

    year: int
    start_date: datetime.date
    end_date: datetime.date
    responsible_officer_name: str
    status: str
    status_label: str

    def get_absolute_url(self) -> str:
        """The plan's public page, in the active language."""
        return reverse("consultations:plan-detail", kwargs={"year": self.year})


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

    @property
    def women_share(self) -> int | None:
        return _percent(self.women, self.total)


@dataclass(frozen=True)
class PracticeRow:
    """Plan against practice for one method: planned in the plan, held, cancelled, overdue."""

    method: str
    label: str
    planned: int
    held: int
    cancelled: int
    overdue: int


@dataclass(frozen=True)
class AnnexRow:
    """One held consultation in the report's annex, the table officers used to attach by hand."""

    number: int
    date: datetime.date
    place: str
    topic: str
    method_label: str
    women: int
    men: int

    @property
    def total(self) -> int:
        return self.women + self.men


@dataclass(frozen=True)
class MonthRow:
    """Women and men attending held consultations in one month of the year."""

    month: int
    label: str
    women: int
    men: int

    @property
    def total(self) -> int:
        return self.women + self.men


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
class ResponseUse:
    """A response the municipality gave to comments and requests (accepted, partly...) and how many got it."""

    response: str
    label: str
    items: int


@dataclass(frozen=True)
class AnnualSummary:
    """Everything the annual report on public consultations says, as computed figures."""

    municipality: MunicipalityInfo
    plan: PlanInfo
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
    practice: tuple[PracticeRow, ...] = ()
    annex: tuple[AnnexRow, ...] = ()
    months: tuple[MonthRow, ...] = ()
    meetings_held: int = 0
    meetings_required: int = STATUTORY_MEETINGS_A_YEAR
    # The minimum standards checked for the year (compliance.rules), for the report's own section.
    standards: tuple[Result, ...] = ()
    # Comments and requests of the year by the municipality's response (outcomes), the last row "No response yet".
    items_received: int = 0
    responses: tuple[ResponseUse, ...] = ()

    @property
    def year(self) -> int:
        return self.plan.year

    @property
    def requests_answered(self) -> int:
        return sum(answer.requests for answer in self.answers)

    @property
    def women_share(self) -> int | None:
        return _percent(self.women, self.total)

    @property
    def meetings_minimum_met(self) -> bool:
        return self.meetings_held >= self.meetings_required

    @property
    def planned(self) -> int:
        return sum(row.planned for row in self.practice)

    @property
    def cancelled(self) -> int:
        return sum(row.cancelled for row in self.practice)

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.practice)


def _percent(part: int, whole: int) -> int | None:
    """A whole-number percentage, rounded half up; None when there is nothing to divide."""
    return (part * 200 + whole) // (whole * 2) if whole else None


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
    responded = year_counts(plan.municipality, year)
    places, without_place = _places(held)
    methods = _methods(held)
    annex = _annex(held)
    return AnnualSummary(
        municipality=municipality_info(plan.municipality),
        plan=PlanInfo(
            year=plan.year,
            start_date=plan.start_date,
            end_date=plan.end_date,
            responsible_officer_name=plan.responsible_officer_name,
            status=plan.status,
            status_label=str(plan.get_status_display()),
        ),
        consultations_held=held.count(),
        women=totals["women"],
        men=totals["men"],
        total=totals["total"],
        methods=methods,
        channels=_channels(held),
        places=places,
        without_place=without_place,
        answers=_answers(requests.answer_breakdown()),
        requests_received=request_counts["received"],
        requests_open=request_counts["open"],
        generated_at=timezone.now(),
        practice=_practice(plan),
        annex=annex,
        months=_months(annex),
        meetings_held=sum(row.consultations for row in methods if row.method in MEETING_METHODS),
        standards=check_year(plan.municipality, year),
        items_received=responded.received,
        responses=_responses(responded),
    )


def municipality_info(municipality: Municipality) -> MunicipalityInfo:
    """The municipality's name and lines as the report prints them, in the active language."""
    return MunicipalityInfo(
        name=municipality.name,
        slug=municipality.slug,
        consultations_url=municipality.consultations_url,
        state_line=municipality.state_line or "",
        signatory_name=municipality.signatory_name,
        signatory_title=municipality.signatory_title or "",
        reference_prefix=municipality.reference_prefix,
        illustrative=municipality.illustrative,
    )


def _practice(plan: ConsultationPlan) -> tuple[PracticeRow, ...]:
    now = timezone.now()
    rows = {
        row["method"]: row
        for row in Hearing.objects.filter(plan=plan)
        .values("method")
        .annotate(
            planned=Count("pk"),
            held=Count("pk", filter=Q(status=Hearing.Status.HELD)),
            cancelled=Count("pk", filter=Q(status=Hearing.Status.CANCELLED)),
            overdue=Count("pk", filter=Q(status=Hearing.Status.PLANNED, ends_at__lt=now)),
        )
        .order_by()
    }
    return tuple(
        PracticeRow(
            method=method.value,
            label=str(method.label),
            planned=rows[method.value]["planned"],
            held=rows[method.value]["held"],
            cancelled=rows[method.value]["cancelled"],
            overdue=rows[method.value]["overdue"],
        )
        for method in Hearing.Method
        if method.value in rows
    )


def _annex(held) -> tuple[AnnexRow, ...]:
    hearings = held.select_related("place").order_by("starts_at", "pk")
    return tuple(
        AnnexRow(
            number=number,
            date=timezone.localdate(hearing.starts_at),
            place=hearing.place.name if hearing.place else "",
            topic=hearing.title,
            method_label=str(hearing.get_method_display()),
            women=hearing.women or 0,
            men=hearing.men or 0,
        )
        for number, hearing in enumerate(hearings, start=1)
    )


def _months(annex: tuple[AnnexRow, ...]) -> tuple[MonthRow, ...]:
    totals: dict[int, list[int]] = {}
    for row in annex:
        women_men = totals.setdefault(row.date.month, [0, 0])
        women_men[0] += row.women
        women_men[1] += row.men
    return tuple(
        MonthRow(month=month, label=str(MONTHS[month]), women=women, men=men)
        for month, (women, men) in sorted(totals.items())
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


def _responses(counts) -> tuple[ResponseUse, ...]:
    """The year's counts by response, in the report's order, "No response yet" last."""
    return tuple(ResponseUse(code, response_label(code), items) for code, items in counts.by_response())


def _answers(breakdown: dict[str, int]) -> tuple[AnswerUse, ...]:
    return tuple(
        AnswerUse(channel=channel.value, label=str(channel.label), requests=breakdown.get(channel.value, 0))
        for channel in CitizenRequest.AnswerChannel
        if channel.value
    )


def year_in_range(year: int) -> bool:
    """Whether a report may exist for the year (guards addresses against absurd numbers)."""
    return FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR
