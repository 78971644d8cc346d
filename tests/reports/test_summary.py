"""The annual report's figures, computed from a year built with factories."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from consultations.models import ConsultationPlan, Hearing, Place
from municipalities.models import Municipality
from register.models import CitizenRequest
from reports.summary import PlanNotFound, build_annual_summary
from tests.factories import (
    CitizenRequestFactory,
    DirectorateFactory,
    HearingFactory,
    MunicipalityFactory,
    PlaceFactory,
    PlanFactory,
    channel,
)


def at(month: int, day: int, year: int = 2025, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def answered(hearing: Hearing, via: str, **kwargs) -> CitizenRequest:
    return CitizenRequestFactory(
        hearing=hearing,
        status=CitizenRequest.Status.ANSWERED,
        answered_via=via,
        answered_on=timezone.localdate(hearing.starts_at),
        answer="Përgjigja e komunës.",
        citizen_email="qytetari@example.org",
        **kwargs,
    )


@pytest.fixture
def year_2025(plan):
    """A year with every kind of hearing the report must count or leave out."""
    hall = PlaceFactory(municipality=plan.municipality, name="Salla e Kuvendit", kind=Place.Kind.ASSEMBLY_HALL)
    village = PlaceFactory(municipality=plan.municipality, name="Dubravë")
    other_village = PlaceFactory(municipality=plan.municipality, name="Vrellë")
    website, facebook, media = channel("website"), channel("facebook"), channel("local-media")

    first = HearingFactory(
        plan=plan, place=village, starts_at=at(2, 3), women=5, men=7, announced_via=[website, facebook]
    )
    HearingFactory(plan=plan, place=other_village, starts_at=at(6, 20), women=2, men=3, announced_via=[website])
    HearingFactory(
        plan=plan,
        method=Hearing.Method.CITIZENS,
        place=hall,
        starts_at=at(11, 14),
        women=10,
        men=20,
        announced_via=[website, facebook, media],
    )
    # Held but not yet published on the portal: still in the officer's report.
    HearingFactory(plan=plan, place=village, starts_at=at(9, 1), women=1, men=1, is_published=False)
    # A publication online: no place; its period runs from its start to its end.
    HearingFactory(
        plan=plan,
        method=Hearing.Method.ONLINE,
        place=None,
        starts_at=at(4, 1),
        ends_at=at(4, 15),
        women=None,
        men=None,
        announced_via=[website],
    )

    # Left out: planned, cancelled, another year's plan, another municipality's plan.
    HearingFactory(plan=plan, status=Hearing.Status.PLANNED, women=None, men=None, announced_via=[media])
    HearingFactory(plan=plan, status=Hearing.Status.CANCELLED, women=None, men=None)
    earlier = HearingFactory(plan=PlanFactory(municipality=plan.municipality, year=2024), women=40, men=40)
    neighbour = MunicipalityFactory(name="Komuna Fqinje", slug="fqinje")
    HearingFactory(plan=PlanFactory(municipality=neighbour, year=2025), women=50, men=50)

    answered(first, CitizenRequest.AnswerChannel.ON_THE_SPOT)
    answered(first, CitizenRequest.AnswerChannel.ON_THE_SPOT)
    answered(first, CitizenRequest.AnswerChannel.EMAIL)
    answered(first, CitizenRequest.AnswerChannel.POST)
    CitizenRequestFactory(hearing=first)  # still open
    answered(earlier, CitizenRequest.AnswerChannel.ON_THE_SPOT)  # received in 2024
    return plan


def test_report_counts_only_held_hearings_of_the_years_plan(year_2025):
    summary = build_annual_summary(2025)

    assert (summary.plan.year, summary.plan.status) == (2025, year_2025.status)
    assert summary.municipality.name == year_2025.municipality.name
    assert (summary.consultations_held, summary.women, summary.men, summary.total) == (5, 18, 31, 49)


def test_report_counts_held_hearings_that_are_not_yet_published(plan):
    HearingFactory(plan=plan, is_published=False, women=2, men=9)

    summary = build_annual_summary(2025)

    assert (summary.consultations_held, summary.women, summary.men, summary.total) == (1, 2, 9, 11)


def test_report_table_has_one_row_per_method_with_dates_and_attendance(year_2025):
    rows = build_annual_summary(2025).methods

    assert [(row.number, row.method) for row in rows] == [
        (1, Hearing.Method.CITIZENS),
        (2, Hearing.Method.ONLINE),
        (3, Hearing.Method.HEARING),
    ]
    citizens, online, hearings = rows
    assert (citizens.first_day, citizens.last_day, citizens.single_day) == (
        datetime.date(2025, 11, 14),
        datetime.date(2025, 11, 14),
        True,
    )
    assert (citizens.consultations, citizens.women, citizens.men, citizens.total) == (1, 10, 20, 30)
    assert (online.first_day, online.last_day) == (datetime.date(2025, 4, 1), datetime.date(2025, 4, 15))
    assert (online.consultations, online.women, online.men, online.total) == (1, 0, 0, 0)
    assert (hearings.first_day, hearings.last_day) == (datetime.date(2025, 2, 3), datetime.date(2025, 9, 1))
    assert (hearings.consultations, hearings.women, hearings.men, hearings.total) == (3, 8, 11, 19)


def test_report_counts_the_channels_used_by_held_hearings(year_2025):
    channels = build_annual_summary(2025).channels

    assert [(use.code, use.consultations) for use in channels] == [
        ("website", 4),
        ("facebook", 2),
        ("local-media", 1),
    ]


def test_channel_names_follow_the_active_language(year_2025):
    with translation.override("sr-latn"):
        names = [use.name for use in build_annual_summary(2025).channels]

    assert names == ["Veb-sajt opštine", "Facebook", "Lokalni mediji"]


def test_report_counts_places_by_kind(year_2025):
    summary = build_annual_summary(2025)

    assert [(use.kind, use.places, use.consultations) for use in summary.places] == [
        (Place.Kind.LOCAL_COMMUNITY, 2, 3),
        (Place.Kind.ASSEMBLY_HALL, 1, 1),
    ]
    assert summary.without_place == 1


def test_report_says_how_the_years_requests_were_answered(year_2025):
    summary = build_annual_summary(2025)

    assert {use.channel: use.requests for use in summary.answers} == {
        CitizenRequest.AnswerChannel.ON_THE_SPOT: 2,
        CitizenRequest.AnswerChannel.EMAIL: 1,
        CitizenRequest.AnswerChannel.POST: 1,
        CitizenRequest.AnswerChannel.ONLINE: 0,
    }
    assert (summary.requests_received, summary.requests_answered, summary.requests_open) == (5, 4, 1)


def test_requests_of_another_municipality_in_the_same_database_are_not_counted(year_2025):
    peja = MunicipalityFactory(slug="peje", name="Komuna e Pejës")
    peja_plan = PlanFactory(municipality=peja, year=2025)
    answered(HearingFactory(plan=peja_plan), CitizenRequest.AnswerChannel.EMAIL)
    CitizenRequestFactory(hearing=None, directorate=DirectorateFactory(municipality=peja), received_on=at(5, 5).date())

    summary = build_annual_summary(2025, Municipality.objects.get(slug="test"))
    assert (summary.requests_received, summary.requests_answered) == (5, 4)
    assert build_annual_summary(2025, peja).requests_received == 2


def test_plan_without_hearings_gives_a_report_of_zeros(plan):
    summary = build_annual_summary(2025)

    assert (summary.consultations_held, summary.women, summary.men, summary.total) == (0, 0, 0, 0)
    assert summary.methods == summary.channels == summary.places == ()
    assert summary.without_place == 0
    assert [use.requests for use in summary.answers] == [0, 0, 0, 0]
    assert (summary.requests_received, summary.requests_open) == (0, 0)


def test_year_without_a_plan_raises_plan_not_found(plan):
    with pytest.raises(PlanNotFound):
        build_annual_summary(2019)


def test_draft_plan_is_not_found_when_a_published_plan_is_required(municipality):
    PlanFactory(municipality=municipality, status="draft")

    assert build_annual_summary(2025).plan.year == 2025
    with pytest.raises(PlanNotFound):
        build_annual_summary(2025, published_only=True)


def test_summary_is_built_in_a_fixed_number_of_queries(year_2025, django_assert_num_queries):
    # 11 for the figures, 2 for the responses, 6 for the minimum standards (rules, hearings, requests,
    # plan, consultations' reports, the annual report).
    with django_assert_num_queries(19):
        build_annual_summary(2025)
    HearingFactory.create_batch(20, plan=year_2025, announced_via=[channel("email")])
    with django_assert_num_queries(19):
        build_annual_summary(2025)


def seed_year_split() -> list[tuple[int, int]]:
    """An illustrative split of the 2025 report's attendance over its 15 hearings."""
    women = [3, 4, 5, 2, 6, 3, 4, 5, 3, 4, 5, 3, 4, 3, 3]
    men = [14, 15, 12, 16, 13, 14, 15, 13, 14, 15, 12, 14, 15, 14, 14]
    return list(zip(women, men, strict=True))


def test_a_year_like_the_2025_report_reads_its_figures(plan):
    for women, men in seed_year_split():
        HearingFactory(plan=plan, women=women, men=men)

    summary = build_annual_summary(2025)
    assert (summary.consultations_held, summary.women, summary.men, summary.total) == (15, 57, 210, 267)

    HearingFactory(plan=plan, women=3, men=4)
    summary = build_annual_summary(2025)
    assert (summary.consultations_held, summary.women, summary.men, summary.total) == (16, 60, 214, 274)


@pytest.mark.django_db
def test_demo_year_reads_the_figures_of_the_published_report():
    call_command("load_istog_2025")
    summary = build_annual_summary(2025)
    assert (summary.consultations_held, summary.women, summary.men, summary.total) == (15, 57, 210, 267)

    HearingFactory(plan=ConsultationPlan.objects.get(year=2025), women=3, men=4)
    summary = build_annual_summary(2025, Municipality.objects.current())
    assert (summary.consultations_held, summary.women, summary.men, summary.total) == (16, 60, 214, 274)
