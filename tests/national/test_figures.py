"""The national figures: a published report's frozen figures and a provisional municipality side by side."""

import datetime
import io

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance.rules import Status
from national.figures import NO_PLAN, PROVISIONAL, PUBLISHED, build_national_figures, portal_urls
from reports.summary import build_annual_summary
from tests.factories import HearingFactory, MunicipalityFactory, PlanFactory
from web.pagecache import content_versions


def _rows(figures):
    return {row.slug: row for row in figures.rows}


def test_a_published_report_gives_its_frozen_figures_and_a_provisional_one_the_records(national_year):
    rows = _rows(build_national_figures(2025))

    istog, peja, prizren = rows["istog"], rows["peja"], rows["prizren"]
    # Istog: version 1 froze two hearings (15 women, 25 men); the hearing added afterwards is not counted.
    assert (istog.source, istog.report_version) == (PUBLISHED, 1)
    assert (istog.consultations_held, istog.meetings_held, istog.women, istog.men) == (2, 2, 15, 25)
    assert (istog.participants, istog.women_share, istog.meetings_minimum_met) == (40, 38, True)
    assert (istog.requests_received, istog.requests_answered, istog.median_answer_days) == (1, 1, 4)
    # Peja: no report published, the records to date.
    assert (peja.source, peja.report_version, peja.provisional) == (PROVISIONAL, None, True)
    assert (peja.consultations_held, peja.meetings_held, peja.women, peja.men) == (1, 1, 8, 2)
    assert (peja.participants, peja.women_share, peja.meetings_minimum_met) == (10, 80, False)
    assert (peja.requests_received, peja.requests_answered, peja.median_answer_days) == (3, 2, 15)
    # Prizren: its plan is a draft; listed, nothing counted.
    assert (prizren.source, prizren.has_plan, prizren.participants) == (NO_PLAN, False, 0)


def test_the_national_totals_add_up_the_municipalities_with_a_plan(national_year):
    figures = build_national_figures(2025)

    totals = figures.totals
    assert (totals.municipalities, totals.with_plan, totals.with_report) == (3, 2, 1)
    assert (totals.consultations_held, totals.meetings_held, totals.meetings_minimum_met) == (3, 3, 1)
    assert (totals.women, totals.men, totals.participants, totals.women_share) == (23, 27, 50, 46)
    assert (totals.requests_received, totals.requests_answered) == (4, 3)
    assert figures.median_answer_days == 10  # 4, 10 and 20 days
    assert [item.year for item in figures.trend] == [2025]


def test_a_provisional_row_counts_as_the_municipal_annual_report_counts(national_year):
    peja = _rows(build_national_figures(2025))["peja"]
    with portal_urls():
        summary = build_annual_summary(2025, national_year["peja"])

    assert (peja.consultations_held, peja.meetings_held) == (summary.consultations_held, summary.meetings_held)
    assert (peja.women, peja.men) == (summary.women, summary.men)
    assert (peja.requests_received, peja.requests_answered) == (summary.requests_received, summary.requests_answered)
    assert [(item.code, item.status) for item in peja.standards] == [
        (result.code, result.status) for result in summary.standards
    ]


def test_standards_come_from_compliance_and_the_annual_reports_own_standard_from_its_publication(national_year):
    figures = build_national_figures(2025, today=datetime.date(2026, 1, 15))
    rows = _rows(figures)

    assert rows["istog"].standard("meetings_per_year").status == Status.PASSED
    assert rows["peja"].standard("meetings_per_year").status == Status.FAILED
    # Istog's version 1 is dated today, after 31 January 2026: published late; Peja's is not due yet on 15 January.
    assert rows["istog"].standard("annual_report").status == Status.FAILED
    assert rows["peja"].standard("annual_report").status == Status.AT_RISK
    meetings = next(total for total in figures.standards if total.code == "meetings_per_year")
    assert (meetings.passed, meetings.at_risk, meetings.failed) == (1, 0, 2)


def test_earlier_years_make_the_trend(national_year):
    HearingFactory(plan=PlanFactory(municipality=national_year["peja"], year=2024), women=4, men=6)

    figures = build_national_figures(2025)

    assert [(item.year, item.with_plan, item.participants) for item in figures.trend] == [(2024, 1, 10), (2025, 2, 50)]


def _queries(year: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_national_figures(year)
    return len(queries)


def test_the_figures_take_as_many_queries_for_five_municipalities_as_for_two(db):
    for number in range(2):
        plan = PlanFactory(municipality=MunicipalityFactory(name=f"Komuna {number}", slug=f"m{number}"))
        HearingFactory(plan=plan)
    build_national_figures(2025)  # the rules of each municipality are in place
    two = _queries(2025)
    for number in range(2, 5):
        plan = PlanFactory(municipality=MunicipalityFactory(name=f"Komuna {number}", slug=f"m{number}"))
        HearingFactory(plan=plan)
        HearingFactory(plan=PlanFactory(municipality=plan.municipality, year=2024))
    build_national_figures(2025)

    assert _queries(2025) == two


def test_the_standards_are_checked_again_only_after_a_change_and_show_it(national_year):
    today = datetime.date(2026, 1, 15)

    def build() -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as queries:
            figures = build_national_figures(2025, today=today)
        return len(queries), _rows(figures)

    cold, rows = build()
    warm, _rows_again = build()  # every municipality's standards from the cache under its content version
    assert warm < cold
    assert rows["peja"].standard("meetings_per_year").status == Status.FAILED

    HearingFactory(plan=national_year["peja"].plans.get(year=2025))  # Peja's second public meeting
    after, rows = build()

    assert rows["peja"].standard("meetings_per_year").status == Status.PASSED
    assert rows["istog"].standard("meetings_per_year").status == Status.PASSED
    assert warm < after <= cold


def test_an_edit_gives_a_new_content_version_to_its_municipality_only(national_year):
    before = content_versions(["istog", "peja"])
    HearingFactory(plan=national_year["peja"].plans.get(year=2025))
    after = content_versions(["istog", "peja"])

    assert after["istog"] == before["istog"]
    assert after["peja"] != before["peja"]


def test_the_worker_job_reads_this_year_and_last_today_and_tomorrow_before_a_visitor_does(national_year):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    cache.clear()
    cold = _queries(today.year - 1)
    warm = _queries(today.year - 1)
    cache.clear()  # the cache was emptied

    call_command("warm_national_view", stdout=io.StringIO())

    assert warm < cold
    assert _queries(today.year - 1) == warm
    assert _queries(today.year) == warm
    for year in (tomorrow.year - 1, tomorrow.year):  # the day turns on a warm cache
        with CaptureQueriesContext(connection) as queries:
            build_national_figures(year, today=tomorrow)
        assert len(queries) == warm
