"""Each minimum standard as a function over the data: passed, at risk or failed, with what breaks it.

`check_year(municipality, year)` runs the municipality's rules for a year and returns plain
results (data first, rendering second): the staff page, the annual report and the open data
all show the same results. The year's data is read first, in a fixed number of queries
(`evidence.read_year`); the checks then only read it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consultations.models import Hearing
from municipalities.models import Municipality

from .evidence import (
    PUBLIC_MEETINGS,
    Context,
    Item,
    Result,
    Status,
    annual_report_lookup,
    date_text,
    read_year,
    register_annual_report_lookup,
    status_label,
    worst,
)
from .models import Rule, RuleCode
from .report_deadlines import has_ended, report_deadlines

__all__ = [
    "Result",
    "Status",
    "check_year",
    "check_years",
    "hearing_warnings",
    "register_annual_report_lookup",
    "status_label",
]

# A request still open this many days before its deadline is at risk.
AT_RISK_DAYS = 3
# A consultation's report not published this many days before its deadline is at risk.
REPORT_AT_RISK_DAYS = 7


HEARING = "admin:consultations_hearing_change"
REQUEST = "admin:register_citizenrequest_change"
PLAN = "admin:consultations_consultationplan_change"
CONSULTATION_REPORT = "outcomes:staff-report"


def check_meetings(ctx: Context, days: int) -> tuple[str, str, list[Item]]:
    """At least `days` public meetings (hearings or meetings with citizens) held in the year."""
    meetings = ctx.meetings()
    held = [meeting for meeting in meetings if meeting.status == Hearing.Status.HELD]
    note = _("%(held)s held, %(needed)s required") % {"held": len(held), "needed": days}
    if len(held) >= days:
        return Status.PASSED, note, []  # the count says it; a long list of held meetings would not help
    text = gettext_noop("Held on %(date)s")
    items = [
        ctx.item(Status.PASSED, meeting.title, text, (HEARING, meeting.pk), date=meeting.start_day) for meeting in held
    ]
    if ctx.year_over:
        return Status.FAILED, note, items
    items += [
        ctx.item(
            Status.AT_RISK,
            meeting.title,
            gettext_noop("Planned for %(date)s, not yet held"),
            (HEARING, meeting.pk),
            date=meeting.start_day,
        )
        for meeting in meetings
        if meeting.status == Hearing.Status.PLANNED
    ]
    return Status.AT_RISK, note, items


def check_notice(ctx: Context, days: int) -> tuple[str, str, list[Item]]:
    """Each public meeting announced at least `days` days before it starts."""
    items = []
    for meeting in ctx.meetings():
        latest = meeting.start_day - datetime.timedelta(days=days)
        link = (HEARING, meeting.pk)
        if meeting.announced_on is not None:
            gap = (meeting.start_day - meeting.announced_on).days
            if gap < days:
                text = gettext_noop("Announced %(gap)s days before it, on %(date)s")
                items.append(ctx.item(Status.FAILED, meeting.title, text, link, gap=gap, date=meeting.announced_on))
        elif ctx.today > latest:
            text = gettext_noop("No announcement recorded; it was due by %(date)s")
            items.append(ctx.item(Status.FAILED, meeting.title, text, link, date=latest))
        elif (latest - ctx.today).days <= days:
            # Only close to the last day is a missing announcement a risk; earlier it is simply not due.
            text = gettext_noop("Not announced yet: announce it by %(date)s")
            items.append(ctx.item(Status.AT_RISK, meeting.title, text, link, date=latest))
    return worst(items), "", items


def check_written_period(ctx: Context, days: int) -> tuple[str, str, list[Item]]:
    """Each written consultation open for comments at least `days` days."""
    items = []
    now = timezone.now()
    for consultation in ctx.hearings:
        if consultation.method != Hearing.Method.WRITTEN:
            continue
        length = (consultation.end_day - consultation.start_day).days
        if length < days:
            # Before it opens, staff can still lengthen the period.
            status = Status.AT_RISK if consultation.starts_at > now else Status.FAILED
            text = gettext_noop("Open for %(length)s days")
            items.append(ctx.item(status, consultation.title, text, (HEARING, consultation.pk), length=length))
    return worst(items), "", items


def check_answers(ctx: Context, days: int) -> tuple[str, str, list[Item]]:
    """Each citizen's request received in the year answered within `days` days."""
    items = []
    for request in ctx.requests():
        deadline = request.received_on + datetime.timedelta(days=days)
        link = (REQUEST, request.pk)
        if request.answered_on is not None:
            if request.answered_on > deadline:
                waited = (request.answered_on - request.received_on).days
                text = gettext_noop("Answered after %(waited)s days, on %(date)s")
                items.append(
                    ctx.item(Status.FAILED, request.label, text, link, waited=waited, date=request.answered_on)
                )
        elif request.is_answered:
            continue  # answered without a date: older data; CitizenRequest.clean() now asks for one
        elif ctx.today > deadline:
            text = gettext_noop("Unanswered; the answer was due by %(date)s")
            items.append(ctx.item(Status.FAILED, request.label, text, link, date=deadline))
        elif ctx.today > deadline - datetime.timedelta(days=AT_RISK_DAYS):
            text = gettext_noop("Unanswered; answer it by %(date)s")
            items.append(ctx.item(Status.AT_RISK, request.label, text, link, date=deadline))
    return worst(items), "", items


def _published_by(
    ctx: Context,
    published: datetime.date | None,
    deadline: datetime.date,
    label: str,
    link: tuple[str, int] | None = None,
) -> tuple[str, str, list[Item]]:
    note = _("Due by %(date)s") % {"date": date_text(deadline)}
    if published is not None:
        if published <= deadline:
            return (
                Status.PASSED,
                note,
                [ctx.item(Status.PASSED, label, gettext_noop("Published on %(date)s"), link, date=published)],
            )
        text = gettext_noop("Published late, on %(date)s")
        return Status.FAILED, note, [ctx.item(Status.FAILED, label, text, link, date=published)]
    if ctx.today > deadline:
        return Status.FAILED, note, [ctx.item(Status.FAILED, label, gettext_noop("Not published"), link)]
    if ctx.today.year < deadline.year:
        return Status.PASSED, note, []  # not due yet: nothing to do
    return Status.AT_RISK, note, [ctx.item(Status.AT_RISK, label, gettext_noop("Not published yet"), link)]


def _day_of_year(year: int, day: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=min(day, 365 + _leap(year)) - 1)


def _leap(year: int) -> int:
    return int(datetime.date(year, 12, 31).timetuple().tm_yday == 366)


def check_plan(ctx: Context, day: int) -> tuple[str, str, list[Item]]:
    """The year's plan published by the given day of the year."""
    plan = ctx.plan()
    published = timezone.localdate(plan.published_at) if plan and plan.is_published and plan.published_at else None
    label = _("Plan of public consultations %(year)s") % {"year": ctx.year} if ctx.words else ""
    return _published_by(ctx, published, _day_of_year(ctx.year, day), label, (PLAN, plan.pk) if plan else None)


def check_annual_report(ctx: Context, day: int) -> tuple[str, str, list[Item]]:
    """The annual report of the year published by the given day of the next year."""
    deadline = _day_of_year(ctx.year + 1, day)
    if annual_report_lookup() is None:
        return (
            Status.NOT_CHECKED,
            _("Due by %(date)s; the portal does not record its publication yet.") % {"date": date_text(deadline)},
            [],
        )
    label = _("Annual report %(year)s") % {"year": ctx.year} if ctx.words else ""
    return _published_by(ctx, ctx.annual_report_published(), deadline, label)


def check_consultation_reports(ctx: Context, days: int) -> tuple[str, str, list[Item]]:
    """Each consultation that ended has its report (outcomes) published within `days` days of its end."""
    ended = [hearing for hearing in ctx.hearings if has_ended(hearing, ctx.today)]
    items = []
    for deadline in report_deadlines(ended, days, ctx.today, ctx.reports_published([item.pk for item in ended])):
        hearing, due, published_on = deadline.hearing, deadline.due, deadline.published
        link = (CONSULTATION_REPORT, hearing.pk)
        if published_on is not None:
            if published_on > due:
                text = gettext_noop("Published late, on %(date)s (due by %(due)s)")
                items.append(ctx.item(Status.FAILED, hearing.title, text, link, date=published_on, due=due))
        elif deadline.is_overdue(ctx.today):
            text = gettext_noop("Not published; it was due by %(date)s")
            items.append(ctx.item(Status.FAILED, hearing.title, text, link, date=due))
        elif (due - ctx.today).days < REPORT_AT_RISK_DAYS:
            # Only close to the deadline is a missing report a risk; earlier it is simply not due.
            text = gettext_noop("Not published yet: publish it by %(date)s")
            items.append(ctx.item(Status.AT_RISK, hearing.title, text, link, date=due))
    return worst(items), "", items


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
    return check_years([municipality], year, today, words=True)[municipality.pk]


def check_years(
    municipalities: list[Municipality], year: int, today: datetime.date | None = None, words: bool = False
) -> dict[int, tuple[Result, ...]]:
    """`check_year` for several municipalities at once, by municipality pk, in a fixed number of queries
    however many municipalities there are (the national view). Without `words` (the default here) the
    items carry their status only: the national view counts them and shows none, and a year of 38
    municipalities is thousands of items."""
    today = today or timezone.localdate()
    rules = Rule.objects.for_municipalities(municipalities)
    data = read_year(municipalities, year, labels=words)
    return {
        municipality.pk: _results(
            Context(municipality=municipality, year=year, today=today, data=data, words=words),
            rules.get(municipality.pk, []),
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
                title=str(RuleCode(rule.code).label),  # get_code_display() costs more, for hundreds of results
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
