"""Each minimum standard as a function over the data: passed, at risk or failed, with what breaks it.

`check_year(municipality, year)` runs the municipality's rules for a year and returns plain
results (data first, rendering second): the staff page, the annual report and the open data
all show the same results. Every check runs a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations.models import ConsultationPlan, Hearing
from municipalities.models import Municipality
from register.models import CitizenRequest

from .models import Rule, RuleCode
from .report_deadlines import first_published, has_ended, report_deadlines

# A request still open this many days before its deadline is at risk.
AT_RISK_DAYS = 3
# A consultation's report not published this many days before its deadline is at risk.
REPORT_AT_RISK_DAYS = 7
PUBLIC_MEETINGS = (Hearing.Method.HEARING, Hearing.Method.CITIZENS)


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


def _hearings(**filters) -> models.QuerySet[Hearing]:
    return (
        Hearing.objects.filter(**filters)
        .exclude(status=Hearing.Status.CANCELLED)
        .only("pk", "title", "method", "status", "starts_at", "ends_at", "announced_on")
        .annotate(municipality_pk=F("plan__municipality"))
        .order_by("starts_at", "pk")
    )


def _requests(**filters) -> models.QuerySet[CitizenRequest]:
    return (
        CitizenRequest.objects.filter(**filters)
        .only("pk", "municipality_id", "topic", "text", "status", "received_on", "answered_on")
        .order_by("received_on", "pk")
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
        return list(_hearings(plan__municipality=self.municipality, plan__year=self.year))

    def requests(self) -> list[CitizenRequest]:
        """The citizens' requests received in the year, oldest first."""
        if self.data is not None:
            return self.data.requests.get(self.municipality.pk, [])
        return list(_requests(municipality=self.municipality, received_on__year=self.year))

    def plan(self) -> ConsultationPlan | None:
        """The year's plan, published or not."""
        if self.data is not None:
            return self.data.plans.get(self.municipality.pk)
        return ConsultationPlan.objects.filter(municipality=self.municipality, year=self.year).first()

    def reports_published(self, hearing_pks: list[int]) -> dict[int, datetime.datetime]:
        """When each of these consultations' report was first published (absent: not yet)."""
        if self.data is not None:
            return {pk: self.data.reports_published[pk] for pk in hearing_pks if pk in self.data.reports_published}
        return first_published(hearing_pks)

    def annual_report_published(self) -> datetime.date | None:
        """When the year's annual report was first published; None when not (or unknown: see the lookup)."""
        if self.data is not None:
            return self.data.annual_reports.get(self.municipality.pk)
        assert _annual_reports_published is not None
        return _annual_reports_published([self.municipality], self.year).get(self.municipality.pk)

    def meetings(self) -> list[Hearing]:
        """The year's public meetings: hearings and meetings with citizens."""
        return [hearing for hearing in self.hearings if hearing.method in PUBLIC_MEETINGS]


def _worst(items, default: str = Status.PASSED) -> str:
    statuses = [item.status for item in items]
    return max(statuses, key=Status.ORDER.__getitem__) if statuses else default


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


@lru_cache(maxsize=64)
def _admin_pattern(name: str, language: str | None) -> str:
    return reverse(name, args=[0]).replace("/0/", "/{pk}/")


def _admin_url(name: str, pk: int) -> str:
    """An admin change address, reversed once per language rather than once per object."""
    return _admin_pattern(name, translation.get_language()).format(pk=pk)


def _hearing_url(hearing: Hearing) -> str:
    return _admin_url("admin:consultations_hearing_change", hearing.pk)


def check_meetings(ctx: Context, days: int) -> tuple[str, str, list[Item]]:
    """At least `days` public meetings (hearings or meetings with citizens) held in the year."""
    meetings = ctx.meetings()
    held = [meeting for meeting in meetings if meeting.status == Hearing.Status.HELD]
    note = _("%(held)s held, %(needed)s required") % {"held": len(held), "needed": days}
    if len(held) >= days:
        return Status.PASSED, note, []  # the count says it; a long list of held meetings would not help
    items = [
        Item(
            Status.PASSED,
            meeting.title,
            _("Held on %(date)s") % {"date": _date(timezone.localdate(meeting.starts_at))},
            _hearing_url(meeting),
        )
        for meeting in held
    ]
    if ctx.year_over:
        return Status.FAILED, note, items
    planned = [meeting for meeting in meetings if meeting.status == Hearing.Status.PLANNED]
    items += [
        Item(
            Status.AT_RISK,
            meeting.title,
            _("Planned for %(date)s, not yet held") % {"date": _date(timezone.localdate(meeting.starts_at))},
            _hearing_url(meeting),
        )
        for meeting in planned
    ]
    return Status.AT_RISK, note, items


def check_notice(ctx: Context, days: int) -> tuple[str, str, list[Item]]:
    """Each public meeting announced at least `days` days before it starts."""
    items = []
    for meeting in ctx.meetings():
        start = timezone.localdate(meeting.starts_at)
        latest = start - datetime.timedelta(days=days)
        if meeting.announced_on is not None:
            gap = (start - meeting.announced_on).days
            if gap < days:
                items.append(
                    Item(
                        Status.FAILED,
                        meeting.title,
                        _("Announced %(gap)s days before it, on %(date)s")
                        % {"gap": gap, "date": _date(meeting.announced_on)},
                        _hearing_url(meeting),
                    )
                )
        elif ctx.today > latest:
            items.append(
                Item(
                    Status.FAILED,
                    meeting.title,
                    _("No announcement recorded; it was due by %(date)s") % {"date": _date(latest)},
                    _hearing_url(meeting),
                )
            )
        elif (latest - ctx.today).days <= days:
            # Only close to the last day is a missing announcement a risk; earlier it is simply not due.
            items.append(
                Item(
                    Status.AT_RISK,
                    meeting.title,
                    _("Not announced yet: announce it by %(date)s") % {"date": _date(latest)},
                    _hearing_url(meeting),
                )
            )
    return _worst(items), "", items


def check_written_period(ctx: Context, days: int) -> tuple[str, str, list[Item]]:
    """Each written consultation open for comments at least `days` days."""
    items = []
    now = timezone.now()
    for consultation in ctx.hearings:
        if consultation.method != Hearing.Method.WRITTEN:
            continue
        length = (timezone.localdate(consultation.ends_at) - timezone.localdate(consultation.starts_at)).days
        if length < days:
            # Before it opens, staff can still lengthen the period.
            status = Status.AT_RISK if consultation.starts_at > now else Status.FAILED
            items.append(
                Item(
                    status,
                    consultation.title,
                    _("Open for %(length)s days") % {"length": length},
                    _hearing_url(consultation),
                )
            )
    return _worst(items), "", items


def check_answers(ctx: Context, days: int) -> tuple[str, str, list[Item]]:
    """Each citizen's request received in the year answered within `days` days."""
    items = []
    for request in ctx.requests():
        deadline = request.received_on + datetime.timedelta(days=days)
        url = _admin_url("admin:register_citizenrequest_change", request.pk)
        label = str(request)
        if request.answered_on is not None:
            if request.answered_on > deadline:
                waited = (request.answered_on - request.received_on).days
                items.append(
                    Item(
                        Status.FAILED,
                        label,
                        _("Answered after %(waited)s days, on %(date)s")
                        % {"waited": waited, "date": _date(request.answered_on)},
                        url,
                    )
                )
        elif request.is_answered:
            continue  # answered without a date: older data; CitizenRequest.clean() now asks for one
        elif ctx.today > deadline:
            items.append(
                Item(
                    Status.FAILED,
                    label,
                    _("Unanswered; the answer was due by %(date)s") % {"date": _date(deadline)},
                    url,
                )
            )
        elif ctx.today > deadline - datetime.timedelta(days=AT_RISK_DAYS):
            items.append(
                Item(Status.AT_RISK, label, _("Unanswered; answer it by %(date)s") % {"date": _date(deadline)}, url)
            )
    return _worst(items), "", items


def _published_by(
    published: datetime.date | None,
    deadline: datetime.date,
    today: datetime.date,
    item: Callable[[str, str], Item],
) -> tuple[str, str, list[Item]]:
    note = _("Due by %(date)s") % {"date": _date(deadline)}
    if published is not None:
        if published <= deadline:
            return Status.PASSED, note, [item(Status.PASSED, _("Published on %(date)s") % {"date": _date(published)})]
        return Status.FAILED, note, [item(Status.FAILED, _("Published late, on %(date)s") % {"date": _date(published)})]
    if today > deadline:
        return Status.FAILED, note, [item(Status.FAILED, _("Not published"))]
    if today.year < deadline.year:
        return Status.PASSED, note, []  # not due yet: nothing to do
    return Status.AT_RISK, note, [item(Status.AT_RISK, _("Not published yet"))]


def _day_of_year(year: int, day: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=min(day, 365 + _leap(year)) - 1)


def _leap(year: int) -> int:
    return int(datetime.date(year, 12, 31).timetuple().tm_yday == 366)


def check_plan(ctx: Context, day: int) -> tuple[str, str, list[Item]]:
    """The year's plan published by the given day of the year."""
    plan = ctx.plan()
    published = timezone.localdate(plan.published_at) if plan and plan.is_published and plan.published_at else None
    label = _("Plan of public consultations %(year)s") % {"year": ctx.year}
    url = reverse("admin:consultations_consultationplan_change", args=[plan.pk]) if plan else ""
    return _published_by(
        published,
        _day_of_year(ctx.year, day),
        ctx.today,
        lambda status, detail: Item(status, label, detail, url),
    )


# Evidence that only apps above this one hold (the annual report's publication lives in
# reports/, which may import compliance but not the other way): they register a lookup, which
# answers for several municipalities at once (municipality pk: first publication; absent: not yet).
AnnualReportLookup = Callable[[list[Municipality], int], dict[int, datetime.date]]
_annual_reports_published: AnnualReportLookup | None = None


def register_annual_report_lookup(lookup: AnnualReportLookup) -> None:
    """Let the reports app say when the municipalities' annual reports of a year were first published."""
    global _annual_reports_published
    _annual_reports_published = lookup


def check_annual_report(ctx: Context, day: int) -> tuple[str, str, list[Item]]:
    """The annual report of the year published by the given day of the next year."""
    deadline = _day_of_year(ctx.year + 1, day)
    if _annual_reports_published is None:
        return (
            Status.NOT_CHECKED,
            _("Due by %(date)s; the portal does not record its publication yet.") % {"date": _date(deadline)},
            [],
        )
    label = _("Annual report %(year)s") % {"year": ctx.year}
    return _published_by(
        ctx.annual_report_published(),
        deadline,
        ctx.today,
        lambda status, detail: Item(status, label, detail),
    )


def check_consultation_reports(ctx: Context, days: int) -> tuple[str, str, list[Item]]:
    """Each consultation that ended has its report (outcomes) published within `days` days of its end."""
    ended = [hearing for hearing in ctx.hearings if has_ended(hearing, ctx.today)]
    items = []
    for deadline in report_deadlines(ended, days, ctx.today, ctx.reports_published([item.pk for item in ended])):
        hearing, due, published_on = deadline.hearing, deadline.due, deadline.published
        url = _admin_pattern("outcomes:staff-report", translation.get_language()).format(pk=hearing.pk)
        if published_on is not None:
            if published_on > due:
                detail = _("Published late, on %(date)s (due by %(due)s)") % {
                    "date": _date(published_on),
                    "due": _date(due),
                }
                items.append(Item(Status.FAILED, hearing.title, detail, url))
        elif deadline.is_overdue(ctx.today):
            detail = _("Not published; it was due by %(date)s") % {"date": _date(due)}
            items.append(Item(Status.FAILED, hearing.title, detail, url))
        elif (due - ctx.today).days < REPORT_AT_RISK_DAYS:
            # Only close to the deadline is a missing report a risk; earlier it is simply not due.
            detail = _("Not published yet: publish it by %(date)s") % {"date": _date(due)}
            items.append(Item(Status.AT_RISK, hearing.title, detail, url))
    return _worst(items), "", items


CHECKS: dict[str, Callable[[Context, int], tuple[str, str, list[Item]]]] = {
    RuleCode.MEETINGS_PER_YEAR: check_meetings,
    RuleCode.NOTICE: check_notice,
    RuleCode.WRITTEN_PERIOD: check_written_period,
    RuleCode.ANSWER: check_answers,
    RuleCode.CONSULTATION_REPORT: check_consultation_reports,
    RuleCode.PLAN_PUBLISHED: check_plan,
    RuleCode.ANNUAL_REPORT: check_annual_report,
}


def check_year(municipality: Municipality, year: int, today: datetime.date | None = None) -> tuple[Result, ...]:
    """Every rule of the municipality checked over the year's data, in the rules' order."""
    ctx = Context(municipality=municipality, year=year, today=today or timezone.localdate())
    return _results(ctx, Rule.objects.for_municipality(municipality))


def check_years(
    municipalities: list[Municipality], year: int, today: datetime.date | None = None
) -> dict[int, tuple[Result, ...]]:
    """`check_year` for several municipalities at once, by municipality pk, in a fixed number of queries
    however many municipalities there are (the national view)."""
    today = today or timezone.localdate()
    pks = [municipality.pk for municipality in municipalities]
    rules = Rule.objects.for_municipalities(municipalities)
    hearings: dict[int, list[Hearing]] = {}
    for hearing in _hearings(plan__municipality__in=pks, plan__year=year):
        hearings.setdefault(hearing.municipality_pk, []).append(hearing)
    requests: dict[int, list[CitizenRequest]] = {}
    for request in _requests(municipality__in=pks, received_on__year=year):
        requests.setdefault(request.municipality_id, []).append(request)
    plans = {plan.municipality_id: plan for plan in ConsultationPlan.objects.filter(municipality__in=pks, year=year)}
    data = YearData(
        hearings=hearings,
        requests=requests,
        plans=plans,
        reports_published=first_published([hearing.pk for items in hearings.values() for hearing in items]),
        annual_reports=_annual_reports_published(municipalities, year) if _annual_reports_published else {},
    )
    return {
        municipality.pk: _results(
            Context(municipality=municipality, year=year, today=today, data=data), rules.get(municipality.pk, [])
        )
        for municipality in municipalities
    }


def _results(ctx: Context, rules: list[Rule]) -> tuple[Result, ...]:
    results = []
    for rule in rules:
        if rule.enabled:
            status, note, items = CHECKS[rule.code](ctx, rule.parameter)
        else:
            status, note, items = Status.OFF, _("This rule is turned off."), []
        results.append(
            Result(
                code=rule.code,
                number=rule.number,
                title=rule.get_code_display(),
                legal_source=rule.legal_source,
                parameter=rule.parameter,
                status=status,
                note=note,
                items=tuple(items),
            )
        )
    return tuple(results)


def hearing_warnings(hearing: Hearing) -> list[str]:
    """What the notice and written-period rules say about one hearing, for the admin form (never blocking)."""
    municipality = hearing.plan.municipality
    rules = {rule.code: rule for rule in Rule.objects.for_municipality(municipality) if rule.enabled}
    warnings = []
    if hearing.status == Hearing.Status.CANCELLED:
        return warnings
    notice = rules.get(RuleCode.NOTICE)
    if notice and hearing.method in PUBLIC_MEETINGS and hearing.announced_on:
        gap = (timezone.localdate(hearing.starts_at) - hearing.announced_on).days
        if gap < notice.parameter:
            warnings.append(
                _("Announced %(gap)s days before the start; the minimum standard %(number)s asks for %(days)s.")
                % {"gap": gap, "number": notice.number, "days": notice.parameter}
            )
    written = rules.get(RuleCode.WRITTEN_PERIOD)
    if written and hearing.method == Hearing.Method.WRITTEN:
        length = (timezone.localdate(hearing.ends_at) - timezone.localdate(hearing.starts_at)).days
        if length < written.parameter:
            warnings.append(
                _("Open for comments %(length)s days; the minimum standard %(number)s asks for %(days)s.")
                % {"length": length, "number": written.number, "days": written.parameter}
            )
    return warnings
