"""Each minimum standard as a function over the data: passed, at risk or failed, with what breaks it.

`check_year(municipality, year)` runs the municipality's rules for a year and returns plain
results (data first, rendering second): the staff page, the annual report and the open data
all show the same results. Every check runs a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations.models import ConsultationPlan, Hearing
from municipalities.models import Municipality
from register.models import CitizenRequest

from .evidence import (
    PUBLIC_MEETINGS,
    Context,
    Item,
    Result,
    Status,
    YearData,
    admin_pattern,
    admin_url,
    annual_report_lookup,
    date_text,
    first_published_reports,
    hearing_admin_url,
    register_annual_report_lookup,
    status_label,
    worst,
    year_hearings,
    year_requests,
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
            _("Held on %(date)s") % {"date": date_text(timezone.localdate(meeting.starts_at))},
            hearing_admin_url(meeting),
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
            _("Planned for %(date)s, not yet held") % {"date": date_text(timezone.localdate(meeting.starts_at))},
            hearing_admin_url(meeting),
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
                        % {"gap": gap, "date": date_text(meeting.announced_on)},
                        hearing_admin_url(meeting),
                    )
                )
        elif ctx.today > latest:
            items.append(
                Item(
                    Status.FAILED,
                    meeting.title,
                    _("No announcement recorded; it was due by %(date)s") % {"date": date_text(latest)},
                    hearing_admin_url(meeting),
                )
            )
        elif (latest - ctx.today).days <= days:
            # Only close to the last day is a missing announcement a risk; earlier it is simply not due.
            items.append(
                Item(
                    Status.AT_RISK,
                    meeting.title,
                    _("Not announced yet: announce it by %(date)s") % {"date": date_text(latest)},
                    hearing_admin_url(meeting),
                )
            )
    return worst(items), "", items


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
                    hearing_admin_url(consultation),
                )
            )
    return worst(items), "", items


def check_answers(ctx: Context, days: int) -> tuple[str, str, list[Item]]:
    """Each citizen's request received in the year answered within `days` days."""
    items = []
    for request in ctx.requests():
        deadline = request.received_on + datetime.timedelta(days=days)
        url = admin_url("admin:register_citizenrequest_change", request.pk)
        label = str(request)
        if request.answered_on is not None:
            if request.answered_on > deadline:
                waited = (request.answered_on - request.received_on).days
                items.append(
                    Item(
                        Status.FAILED,
                        label,
                        _("Answered after %(waited)s days, on %(date)s")
                        % {"waited": waited, "date": date_text(request.answered_on)},
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
                    _("Unanswered; the answer was due by %(date)s") % {"date": date_text(deadline)},
                    url,
                )
            )
        elif ctx.today > deadline - datetime.timedelta(days=AT_RISK_DAYS):
            items.append(
                Item(Status.AT_RISK, label, _("Unanswered; answer it by %(date)s") % {"date": date_text(deadline)}, url)
            )
    return worst(items), "", items


def _published_by(
    published: datetime.date | None,
    deadline: datetime.date,
    today: datetime.date,
    item: Callable[[str, str], Item],
) -> tuple[str, str, list[Item]]:
    note = _("Due by %(date)s") % {"date": date_text(deadline)}
    if published is not None:
        if published <= deadline:
            return (
                Status.PASSED,
                note,
                [item(Status.PASSED, _("Published on %(date)s") % {"date": date_text(published)})],
            )
        return (
            Status.FAILED,
            note,
            [item(Status.FAILED, _("Published late, on %(date)s") % {"date": date_text(published)})],
        )
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


def check_annual_report(ctx: Context, day: int) -> tuple[str, str, list[Item]]:
    """The annual report of the year published by the given day of the next year."""
    deadline = _day_of_year(ctx.year + 1, day)
    if annual_report_lookup() is None:
        return (
            Status.NOT_CHECKED,
            _("Due by %(date)s; the portal does not record its publication yet.") % {"date": date_text(deadline)},
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
        url = admin_pattern("outcomes:staff-report", translation.get_language()).format(pk=hearing.pk)
        if published_on is not None:
            if published_on > due:
                detail = _("Published late, on %(date)s (due by %(due)s)") % {
                    "date": date_text(published_on),
                    "due": date_text(due),
                }
                items.append(Item(Status.FAILED, hearing.title, detail, url))
        elif deadline.is_overdue(ctx.today):
            detail = _("Not published; it was due by %(date)s") % {"date": date_text(due)}
            items.append(Item(Status.FAILED, hearing.title, detail, url))
        elif (due - ctx.today).days < REPORT_AT_RISK_DAYS:
            # Only close to the deadline is a missing report a risk; earlier it is simply not due.
            detail = _("Not published yet: publish it by %(date)s") % {"date": date_text(due)}
            items.append(Item(Status.AT_RISK, hearing.title, detail, url))
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
    for hearing in year_hearings(plan__municipality__in=pks, plan__year=year):
        hearings.setdefault(hearing.municipality_pk, []).append(hearing)
    requests: dict[int, list[CitizenRequest]] = {}
    for request in year_requests(municipality__in=pks, received_on__year=year):
        requests.setdefault(request.municipality_id, []).append(request)
    plans = {plan.municipality_id: plan for plan in ConsultationPlan.objects.filter(municipality__in=pks, year=year)}
    data = YearData(
        hearings=hearings,
        requests=requests,
        plans=plans,
        reports_published=first_published_reports([hearing.pk for items in hearings.values() for hearing in items]),
        annual_reports=lookup(municipalities, year) if (lookup := annual_report_lookup()) else {},
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
