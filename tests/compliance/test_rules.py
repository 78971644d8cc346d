"""Each minimum standard on data built to pass, to be at risk and to fail."""

import datetime

import pytest
from django.utils import timezone

from compliance.models import Rule, RuleCode, answer_days
from compliance.rules import Status, check_year
from consultations.models import ConsultationPlan, Hearing
from outcomes.models import ConsultationReport
from register.models import CitizenRequest
from reports.models import PublishedReport
from tests.factories import CitizenRequestFactory, HearingFactory, MunicipalityFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def result(municipality, code: str, year: int = 2025, today: datetime.date | None = None):
    (found,) = [item for item in check_year(municipality, year, today=today) if item.code == code]
    return found


def meeting(plan, day: datetime.date, **kwargs) -> Hearing:
    kwargs.setdefault("announced_on", day - datetime.timedelta(days=10))
    return HearingFactory(plan=plan, starts_at=_moment(day), ends_at=_moment(day, 12), **kwargs)


def test_a_new_municipality_gets_the_default_rules_in_order(municipality):
    rules = Rule.objects.for_municipality(municipality)
    assert [(rule.number, rule.code, rule.parameter, rule.enabled) for rule in rules] == [
        ("1", RuleCode.MEETINGS_PER_YEAR, 2, True),
        ("2", RuleCode.NOTICE, 7, True),
        ("3", RuleCode.WRITTEN_PERIOD, 15, True),
        ("4", RuleCode.ANSWER, 15, True),
        ("5", RuleCode.CONSULTATION_REPORT, 30, True),
        ("6", RuleCode.PLAN_PUBLISHED, 31, True),
        ("7", RuleCode.ANNUAL_REPORT, 31, True),
    ]
    assert "03/L-040" in rules[0].legal_source


def test_two_meetings_held_pass_one_held_is_at_risk_then_fails_after_the_year(plan):
    meeting(plan, datetime.date(2025, 3, 10))
    assert result(plan.municipality, RuleCode.MEETINGS_PER_YEAR, today=datetime.date(2025, 6, 1)).status == (
        Status.AT_RISK
    )
    assert result(plan.municipality, RuleCode.MEETINGS_PER_YEAR, today=datetime.date(2026, 1, 2)).status == (
        Status.FAILED
    )
    meeting(plan, datetime.date(2025, 5, 10))
    passed = result(plan.municipality, RuleCode.MEETINGS_PER_YEAR, today=datetime.date(2026, 1, 2))
    assert passed.status == Status.PASSED
    assert passed.note == "2 të mbajtura, 2 të kërkuara"
    assert passed.problems == ()


def test_written_consultations_do_not_count_as_public_meetings(plan):
    for day in (3, 5):
        meeting(plan, datetime.date(2025, day, 10), method=Hearing.Method.WRITTEN)
    assert result(plan.municipality, RuleCode.MEETINGS_PER_YEAR, today=datetime.date(2026, 1, 2)).status == (
        Status.FAILED
    )


def test_a_meeting_announced_three_days_before_fails_the_notice_rule(plan):
    meeting(plan, datetime.date(2025, 3, 10))
    assert result(plan.municipality, RuleCode.NOTICE).status == Status.PASSED
    late = meeting(plan, datetime.date(2025, 4, 10), announced_on=datetime.date(2025, 4, 7))
    failed = result(plan.municipality, RuleCode.NOTICE)
    assert failed.status == Status.FAILED
    assert [(item.label, item.detail, item.admin_url) for item in failed.problems] == [
        (late.title, "Njoftuar 3 ditë para, më 07.04.2025", f"/sq/admin/consultations/hearing/{late.pk}/change/")
    ]


def test_an_unannounced_meeting_is_at_risk_close_to_its_last_day_then_fails(plan):
    meeting(plan, datetime.date(2025, 4, 20), status=Hearing.Status.PLANNED, women=None, men=None, announced_on=None)
    municipality = plan.municipality
    assert result(municipality, RuleCode.NOTICE, today=datetime.date(2025, 3, 1)).status == Status.PASSED
    assert result(municipality, RuleCode.NOTICE, today=datetime.date(2025, 4, 10)).status == Status.AT_RISK
    assert result(municipality, RuleCode.NOTICE, today=datetime.date(2025, 4, 14)).status == Status.FAILED


def test_a_cancelled_meeting_is_not_checked(plan):
    meeting(
        plan,
        datetime.date(2025, 4, 10),
        announced_on=datetime.date(2025, 4, 9),
        status=Hearing.Status.CANCELLED,
        women=None,
        men=None,
    )
    assert result(plan.municipality, RuleCode.NOTICE).status == Status.PASSED


def test_a_written_consultation_of_ten_days_fails_and_is_only_at_risk_before_it_opens(plan):
    start = timezone.now() + datetime.timedelta(days=30)
    upcoming_plan = PlanFactory(municipality=plan.municipality, year=timezone.localdate(start).year)
    HearingFactory(
        plan=upcoming_plan,
        method=Hearing.Method.WRITTEN,
        status=Hearing.Status.PLANNED,
        women=None,
        men=None,
        starts_at=start,
        ends_at=start + datetime.timedelta(days=10),
    )
    assert result(plan.municipality, RuleCode.WRITTEN_PERIOD, year=upcoming_plan.year).status == Status.AT_RISK
    HearingFactory(
        plan=plan,
        method=Hearing.Method.WRITTEN,
        starts_at=_moment(datetime.date(2025, 3, 1)),
        ends_at=_moment(datetime.date(2025, 3, 20)),
    )
    assert result(plan.municipality, RuleCode.WRITTEN_PERIOD).status == Status.PASSED
    short = HearingFactory(
        plan=plan,
        method=Hearing.Method.WRITTEN,
        starts_at=_moment(datetime.date(2025, 5, 1)),
        ends_at=_moment(datetime.date(2025, 5, 11)),
    )
    failed = result(plan.municipality, RuleCode.WRITTEN_PERIOD)
    assert failed.status == Status.FAILED
    assert [(item.label, item.detail) for item in failed.problems] == [(short.title, "E hapur 10 ditë")]


def _answered(hearing, received: datetime.date, answered: datetime.date | None) -> CitizenRequest:
    fields = {}
    if answered:
        fields = {
            "status": CitizenRequest.Status.ANSWERED,
            "answer": "Po",
            "answered_via": "spot",
            "answered_on": answered,
        }
    return CitizenRequestFactory(hearing=hearing, received_on=received, **fields)


def test_a_request_answered_after_twenty_days_fails_the_answer_rule(hearing):
    _answered(hearing, datetime.date(2025, 3, 10), datetime.date(2025, 3, 20))
    assert result(hearing.plan.municipality, RuleCode.ANSWER).status == Status.PASSED
    _answered(hearing, datetime.date(2025, 3, 10), datetime.date(2025, 3, 30))
    failed = result(hearing.plan.municipality, RuleCode.ANSWER)
    assert failed.status == Status.FAILED
    assert [item.detail for item in failed.problems] == ["Përgjigjur pas 20 ditësh, më 30.03.2025"]


def test_an_open_request_is_at_risk_near_its_deadline_and_fails_after_it(hearing):
    _answered(hearing, datetime.date(2025, 3, 10), None)
    municipality = hearing.plan.municipality
    assert result(municipality, RuleCode.ANSWER, today=datetime.date(2025, 3, 15)).status == Status.PASSED
    assert result(municipality, RuleCode.ANSWER, today=datetime.date(2025, 3, 24)).status == Status.AT_RISK
    assert result(municipality, RuleCode.ANSWER, today=datetime.date(2025, 3, 26)).status == Status.FAILED


def test_the_answer_days_come_from_the_rule_and_fall_back_to_the_setting(municipality, settings):
    settings.UNANSWERED_AFTER_DAYS = 20
    rule = Rule.objects.get(municipality=municipality, code=RuleCode.ANSWER)
    rule.parameter = 10
    rule.save()
    assert answer_days(municipality) == 10
    rule.enabled = False
    rule.save()
    assert answer_days(municipality) == 20
    assert answer_days(None) == 20


def test_the_plan_rule_passes_on_time_fails_late_and_is_at_risk_in_january(municipality):
    plan = PlanFactory(municipality=municipality, year=2025, status=ConsultationPlan.Status.DRAFT)
    assert result(municipality, RuleCode.PLAN_PUBLISHED, today=datetime.date(2024, 12, 1)).status == Status.PASSED
    assert result(municipality, RuleCode.PLAN_PUBLISHED, today=datetime.date(2025, 1, 20)).status == Status.AT_RISK
    assert result(municipality, RuleCode.PLAN_PUBLISHED, today=datetime.date(2025, 2, 1)).status == Status.FAILED
    ConsultationPlan.objects.filter(pk=plan.pk).update(
        status=ConsultationPlan.Status.PUBLISHED, published_at=_moment(datetime.date(2025, 1, 15))
    )
    assert result(municipality, RuleCode.PLAN_PUBLISHED).status == Status.PASSED
    ConsultationPlan.objects.filter(pk=plan.pk).update(published_at=_moment(datetime.date(2025, 2, 15)))
    late = result(municipality, RuleCode.PLAN_PUBLISHED)
    assert late.status == Status.FAILED
    assert [item.detail for item in late.problems] == ["Publikuar me vonesë, më 15.02.2025"]


def _report(hearing, published_on: datetime.date):
    return ConsultationReport.objects.create(
        hearing=hearing, version=1, snapshot={"items": [], "counts": {}}, published_at=_moment(published_on)
    )


def test_a_consultations_report_within_30_days_passes_late_fails_and_missing_is_at_risk_then_fails(plan):
    on_time = meeting(plan, datetime.date(2025, 3, 10))
    _report(on_time, datetime.date(2025, 4, 1))
    assert result(plan.municipality, RuleCode.CONSULTATION_REPORT, today=datetime.date(2025, 4, 2)).status == (
        Status.PASSED
    )
    late = meeting(plan, datetime.date(2025, 5, 10))
    # Not due yet for most of the 30 days; at risk in the last week; failed after it.
    assert result(plan.municipality, RuleCode.CONSULTATION_REPORT, today=datetime.date(2025, 5, 20)).status == (
        Status.PASSED
    )
    at_risk = result(plan.municipality, RuleCode.CONSULTATION_REPORT, today=datetime.date(2025, 6, 5))
    assert at_risk.status == Status.AT_RISK
    assert [item.detail for item in at_risk.problems] == ["Nuk është publikuar ende: publikojeni deri më 09.06.2025"]
    failed = result(plan.municipality, RuleCode.CONSULTATION_REPORT, today=datetime.date(2025, 6, 10))
    assert failed.status == Status.FAILED
    _report(late, datetime.date(2025, 6, 20))
    failed = result(plan.municipality, RuleCode.CONSULTATION_REPORT, today=datetime.date(2025, 7, 1))
    assert failed.status == Status.FAILED
    assert [item.detail for item in failed.problems] == ["Publikuar me vonesë, më 20.06.2025 (afati 09.06.2025)"]
    assert failed.problems[0].admin_url == f"/sq/stafi/konsultimet/{late.pk}/raporti/"


def test_an_upcoming_consultation_owes_no_report_yet(plan):
    HearingFactory(plan=plan, upcoming=True)
    assert result(plan.municipality, RuleCode.CONSULTATION_REPORT, today=datetime.date(2025, 1, 5)).status == (
        Status.PASSED
    )


def test_the_annual_report_published_by_31_january_passes_later_fails(plan, officer):
    municipality = plan.municipality
    assert result(municipality, RuleCode.ANNUAL_REPORT, today=datetime.date(2026, 1, 10)).status == Status.AT_RISK
    assert result(municipality, RuleCode.ANNUAL_REPORT, today=datetime.date(2026, 2, 1)).status == Status.FAILED
    PublishedReport.objects.create(
        municipality=municipality, year=2025, version=1, snapshot={}, published_at=_moment(datetime.date(2026, 1, 20))
    )
    passed = result(municipality, RuleCode.ANNUAL_REPORT, today=datetime.date(2026, 3, 1))
    assert passed.status == Status.PASSED
    assert [item.detail for item in passed.items] == ["Publikuar më 20.01.2026"]


def test_a_rule_turned_off_is_not_checked(hearing):
    _answered(hearing, datetime.date(2025, 3, 10), datetime.date(2025, 3, 30))
    Rule.objects.filter(code=RuleCode.ANSWER).update(enabled=False)
    assert result(hearing.plan.municipality, RuleCode.ANSWER).status == Status.OFF


def test_another_municipalitys_data_does_not_count(plan):
    other = PlanFactory(municipality=MunicipalityFactory(slug="tjeter", name="Tjetër"), year=2025)
    meeting(other, datetime.date(2025, 4, 10), announced_on=datetime.date(2025, 4, 9))
    assert result(plan.municipality, RuleCode.NOTICE).status == Status.PASSED
    assert result(other.municipality, RuleCode.NOTICE).status == Status.FAILED


def test_the_checks_take_a_constant_number_of_queries(plan, django_assert_num_queries):
    for day in range(1, 11):
        meeting(plan, datetime.date(2025, 3, day))
        _answered(Hearing.objects.last(), datetime.date(2025, 3, day), None)
    # rules, hearings, requests, plan, consultations' reports, the annual report
    with django_assert_num_queries(6):
        check_year(plan.municipality, 2025)
