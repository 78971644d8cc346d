import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation

from consultations.models import ATTENDANCE_MAX, ConsultationPlan, Hearing
from register.models import CitizenRequest
from tests.factories import CitizenRequestFactory, HearingFactory, MunicipalityFactory, PlanFactory


def _moment(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def _errors(instance) -> dict[str, list[str]]:
    """The validation errors, in English whatever translations the .po files hold."""
    with translation.override("en"), pytest.raises(ValidationError) as error:
        instance.full_clean()
    with translation.override("en"):
        return error.value.message_dict


@pytest.mark.django_db
def test_total_attendance_is_women_plus_men(plan):
    hearing = HearingFactory(plan=plan, women=5, men=12)
    assert hearing.total_attendance == 17


@pytest.mark.django_db
def test_attendance_on_a_planned_hearing_is_refused_on_the_field(plan):
    hearing = HearingFactory.build(plan=plan, status=Hearing.Status.PLANNED, women=2, men=None)
    with pytest.raises(ValidationError) as error:
        hearing.full_clean()
    assert set(error.value.message_dict) == {"women"}


@pytest.mark.django_db
def test_total_attendance_counts_a_missing_gender_as_zero(plan):
    hearing = HearingFactory(plan=plan, women=None, men=9)
    assert hearing.total_attendance == 9


@pytest.mark.django_db
def test_total_attendance_is_none_while_nothing_is_recorded(plan):
    hearing = HearingFactory(plan=plan, women=None, men=None)
    assert hearing.total_attendance is None
    assert hearing.attendance_recorded is False


@pytest.mark.django_db
def test_attendance_totals_sum_women_men_and_total(plan):
    HearingFactory(plan=plan, women=5, men=12)
    HearingFactory(plan=plan, women=None, men=3)
    assert Hearing.objects.attendance_totals() == {"women": 5, "men": 15, "total": 20}


@pytest.mark.django_db
def test_attendance_totals_of_nothing_are_zero():
    assert Hearing.objects.none().attendance_totals() == {"women": 0, "men": 0, "total": 0}


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["women", "men"])
def test_a_negative_attendance_is_refused_on_the_field(plan, field):
    hearing = HearingFactory.build(plan=plan, **{field: -1})
    assert set(_errors(hearing)) == {field}


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["women", "men"])
def test_an_attendance_above_the_ceiling_is_refused_on_the_field(plan, field):
    hearing = HearingFactory.build(plan=plan, **{field: ATTENDANCE_MAX + 1})
    assert set(_errors(hearing)) == {field}


@pytest.mark.django_db
def test_an_attendance_at_the_ceiling_is_accepted(plan):
    hearing = HearingFactory.build(plan=plan, women=ATTENDANCE_MAX, men=0)
    hearing.full_clean()
    # The database's constraint agrees with clean(): the ceiling is stored as entered.
    hearing.place.save()  # built, not saved, by the factory
    hearing.save()
    hearing.refresh_from_db()
    assert (hearing.women, hearing.men, hearing.total_attendance) == (ATTENDANCE_MAX, 0, ATTENDANCE_MAX)


@pytest.mark.django_db
def test_a_hearing_ending_before_it_starts_is_refused_on_the_end(plan):
    hearing = HearingFactory.build(plan=plan, starts_at=_moment(2025, 3, 10, 12), ends_at=_moment(2025, 3, 10, 9))
    assert _errors(hearing) == {"ends_at": ["The end cannot be before the start."]}


@pytest.mark.django_db
def test_a_hearing_outside_the_plans_period_is_refused_on_the_date(plan):
    hearing = HearingFactory.build(plan=plan, starts_at=_moment(2024, 12, 20), ends_at=_moment(2025, 1, 5))
    assert _errors(hearing) == {"starts_at": ["This date is outside the plan's period (01.01.2025 – 31.12.2025)."]}


@pytest.mark.django_db
def test_a_hearing_ending_after_the_plans_period_is_refused_on_the_end(plan):
    hearing = HearingFactory.build(plan=plan, starts_at=_moment(2025, 12, 20), ends_at=_moment(2026, 1, 10))
    assert set(_errors(hearing)) == {"ends_at"}


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Hearing.Status.PLANNED, Hearing.Status.CANCELLED])
def test_attendance_is_only_recorded_on_held_hearings(plan, status):
    hearing = HearingFactory.build(plan=plan, status=status, women=1, men=2)
    assert _errors(hearing) == {
        "women": ["Attendance can only be recorded for a hearing that was held."],
        "men": ["Attendance can only be recorded for a hearing that was held."],
    }


@pytest.mark.django_db
def test_a_planned_hearing_without_attendance_is_valid(plan):
    hearing = HearingFactory.build(plan=plan, status=Hearing.Status.PLANNED, women=None, men=None)
    hearing.full_clean()
    hearing.place.save()  # built, not saved, by the factory
    hearing.save()
    hearing.refresh_from_db()
    assert (hearing.status, hearing.women, hearing.men) == (Hearing.Status.PLANNED, None, None)
    assert hearing.attendance_recorded is False
    assert hearing.total_attendance is None


@pytest.mark.django_db
def test_a_plan_starting_outside_its_year_is_refused_on_the_start_date(municipality):
    plan = PlanFactory.build(municipality=municipality, year=2025, start_date=datetime.date(2024, 12, 1))
    assert _errors(plan) == {"start_date": ["The start date must fall in the plan's year (2025)."]}


@pytest.mark.django_db
def test_a_plan_ending_before_it_starts_is_refused_on_the_end_date(municipality):
    plan = PlanFactory.build(
        municipality=municipality, year=2025, start_date=datetime.date(2025, 6, 1), end_date=datetime.date(2025, 3, 1)
    )
    assert _errors(plan) == {"end_date": ["The end date cannot be before the start date."]}


@pytest.mark.django_db
def test_a_plan_ending_in_another_year_is_refused_on_the_end_date(municipality):
    plan = PlanFactory.build(municipality=municipality, year=2027, end_date=datetime.date(2031, 12, 31))
    assert _errors(plan) == {"end_date": ["The end date must fall in the plan's year (2027)."]}


@pytest.mark.django_db
@pytest.mark.parametrize("year", [0, 1999, 2101])
def test_a_plan_year_outside_2000_to_2100_is_refused_on_the_year(municipality, year):
    plan = PlanFactory.build(
        municipality=municipality,
        year=year,
        start_date=datetime.date(max(year, 1), 1, 1),
        end_date=datetime.date(max(year, 1), 12, 31),
    )
    assert "year" in _errors(plan)


@pytest.mark.django_db
def test_a_negative_budget_is_refused_on_the_budget(municipality):
    plan = PlanFactory.build(municipality=municipality, budget=-500)
    assert list(_errors(plan)) == ["budget"]


@pytest.mark.django_db
def test_shrinking_a_plans_period_past_its_hearings_is_refused_on_the_date_concerned(plan):
    HearingFactory(
        plan=plan, title="Dëgjimi i shkurtit", starts_at=_moment(2025, 2, 10, 17), ends_at=_moment(2025, 2, 10, 19)
    )
    HearingFactory(
        plan=plan, title="Dëgjimi i nëntorit", starts_at=_moment(2025, 11, 5, 17), ends_at=_moment(2025, 11, 5, 19)
    )

    plan.start_date, plan.end_date = datetime.date(2025, 3, 1), datetime.date(2025, 10, 31)
    errors = _errors(plan)

    assert set(errors) == {"start_date", "end_date"}
    assert "Dëgjimi i shkurtit" in errors["start_date"][0]
    assert "Dëgjimi i nëntorit" in errors["end_date"][0]
    plan.refresh_from_db()
    assert (plan.start_date, plan.end_date) == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


@pytest.mark.django_db
def test_a_consultation_in_the_future_cannot_be_marked_held(municipality):
    year = timezone.localdate().year + 1
    plan = PlanFactory(municipality=municipality, year=year)
    hearing = HearingFactory.build(
        plan=plan, starts_at=_moment(year, 6, 1, 17), ends_at=_moment(year, 6, 1, 19), women=5, men=5
    )
    assert list(_errors(hearing)) == ["status"]


@pytest.mark.django_db
def test_a_second_plan_for_the_same_municipality_and_year_is_refused(plan):
    second = ConsultationPlan(
        municipality=plan.municipality,
        year=plan.year,
        start_date=plan.start_date,
        end_date=plan.end_date,
        responsible_officer_name="Tjetër",
    )
    assert _errors(second) == {"__all__": ["This municipality already has a plan for that year."]}
    with pytest.raises(IntegrityError):
        second.save()


@pytest.mark.django_db
def test_two_municipalities_may_each_have_a_plan_for_the_same_year(plan):
    other = MunicipalityFactory(slug="tjeter", name="Komuna Tjetër")
    second = PlanFactory.build(municipality=other, year=plan.year)
    second.full_clean()
    second.save()
    assert set(ConsultationPlan.objects.filter(year=plan.year).values_list("municipality", flat=True)) == {
        plan.municipality_id,
        other.pk,
    }


@pytest.mark.django_db
def test_an_answered_request_needs_channel_date_and_answer(hearing):
    request = CitizenRequestFactory.build(hearing=hearing, status=CitizenRequest.Status.ANSWERED)
    assert _errors(request) == {
        "answered_via": ["Say how the request was answered."],
        "answered_on": ["Give the date of the answer."],
        "answer": ["Write the answer given to the citizen."],
    }


@pytest.mark.django_db
def test_an_open_request_with_an_answer_channel_is_refused_on_the_status(hearing):
    request = CitizenRequestFactory.build(hearing=hearing, answered_via=CitizenRequest.AnswerChannel.POST)
    assert _errors(request) == {"status": ["A request with an answer cannot stay open: choose the outcome."]}


@pytest.mark.django_db
def test_a_rejection_needs_a_reason(hearing):
    request = CitizenRequestFactory.build(
        hearing=hearing,
        status=CitizenRequest.Status.REJECTED,
        answer="Nuk është në kompetencë të komunës.",
        answered_via=CitizenRequest.AnswerChannel.ON_THE_SPOT,
        answered_on=datetime.date(2025, 3, 10),
    )
    assert _errors(request) == {"rejection_reason": ["Give the reason why the request was not accepted."]}


@pytest.mark.django_db
def test_an_answer_dated_before_the_request_is_refused_on_the_answer_date(hearing):
    request = CitizenRequestFactory.build(
        hearing=hearing,
        status=CitizenRequest.Status.ANSWERED,
        answer="Po.",
        answered_via=CitizenRequest.AnswerChannel.POST,
        received_on=datetime.date(2025, 3, 10),
        answered_on=datetime.date(2025, 3, 9),
    )
    assert _errors(request) == {"answered_on": ["The answer cannot be dated before the request was received."]}


@pytest.mark.django_db
def test_an_answer_by_email_needs_the_citizens_email(hearing):
    request = CitizenRequestFactory.build(
        hearing=hearing,
        status=CitizenRequest.Status.ANSWERED,
        answer="Po.",
        answered_via=CitizenRequest.AnswerChannel.EMAIL,
        answered_on=datetime.date(2025, 3, 12),
    )
    assert _errors(request) == {"citizen_email": ["An answer by email needs the citizen's email address."]}


@pytest.mark.django_db
def test_an_answered_request_with_everything_is_valid(hearing):
    request = CitizenRequestFactory.build(
        hearing=hearing,
        status=CitizenRequest.Status.ANSWERED,
        answer="Po.",
        answered_via=CitizenRequest.AnswerChannel.EMAIL,
        answered_on=datetime.date(2025, 3, 12),
        citizen_email="qytetari@example.org",
    )
    request.full_clean()
    request.save()
    request.refresh_from_db()
    assert request.is_answered is True
    assert (request.status, request.answered_via, request.answered_on, request.citizen_email) == (
        CitizenRequest.Status.ANSWERED,
        CitizenRequest.AnswerChannel.EMAIL,
        datetime.date(2025, 3, 12),
        "qytetari@example.org",
    )


@pytest.mark.django_db
def test_a_planned_hearing_whose_date_passed_no_longer_reads_as_upcoming(plan):
    hearing = HearingFactory(plan=plan, status=Hearing.Status.PLANNED, women=None, men=None)
    assert hearing.awaits_result is True
    with translation.override("en"):
        assert hearing.status_label() == "Date passed, result not yet published"


@pytest.mark.django_db
def test_an_upcoming_hearing_reads_as_upcoming():
    hearing = HearingFactory(upcoming=True)
    assert hearing.awaits_result is False
    assert hearing.status_label() == str(Hearing.Status.PLANNED.label)
