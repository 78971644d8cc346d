"""The home page: the next hearings, open written consultations, the latest plan and report."""

import datetime

import icalendar
import pytest
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from pytest_django.asserts import assertInHTML

from consultations.models import ConsultationPlan, Hearing
from tests.factories import HearingFactory, PlaceFactory, PlanFactory
from tests.pages import elements, has_sequence


@pytest.fixture
def this_year_plan(municipality):
    return PlanFactory(municipality=municipality, year=timezone.localdate().year)


def upcoming_hearing(plan, days: int, **kwargs) -> Hearing:
    starts_at = timezone.now() + datetime.timedelta(days=days)
    return HearingFactory(plan=plan, upcoming=True, starts_at=starts_at, **kwargs)


def open_written_consultation(plan, **kwargs) -> Hearing:
    now = timezone.now()
    return HearingFactory(
        plan=plan,
        upcoming=True,
        method=Hearing.Method.WRITTEN,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=14),
        **kwargs,
    )


def test_the_root_redirects_to_albanian(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sq/"


def test_the_root_redirects_to_the_language_of_the_cookie(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bs"
    assert client.get("/")["Location"] == "/bs/"


@pytest.mark.django_db
def test_home_lists_upcoming_published_hearings_soonest_first(client, this_year_plan):
    later = upcoming_hearing(this_year_plan, days=20, title="Dëgjimi i mëvonshëm")
    sooner = upcoming_hearing(this_year_plan, days=3, title="Dëgjimi i afërt")
    response = client.get("/sq/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(sooner.get_absolute_url()) < html.index(later.get_absolute_url())
    assert elements(html, "html", lang="sq")


@pytest.mark.django_db
def test_home_hides_unpublished_and_held_hearings(client, this_year_plan, hearing):
    upcoming_hearing(this_year_plan, days=3, title="Ende e pa publikuar", is_published=False)
    response = client.get("/en/")
    assert "Ende e pa publikuar" not in response.content.decode()
    assert hearing.title not in response.content.decode()
    assert "No public consultation is scheduled at the moment." in response.content.decode()


@pytest.mark.django_db
def test_home_lists_open_written_consultations_once(client, this_year_plan):
    written = open_written_consultation(this_year_plan, title="Rregullorja për parkingun")
    html = client.get("/en/").content.decode()
    assert "Open for your comments" in html
    assert html.count(f"/en/konsultimet/{written.pk}/") == 1


@pytest.mark.django_db
def test_home_links_the_latest_published_plan_and_its_report(client, municipality):
    PlanFactory(municipality=municipality, year=2024)
    PlanFactory(municipality=municipality, year=2025)
    PlanFactory(municipality=municipality, year=2026, status=ConsultationPlan.Status.DRAFT)
    response = client.get("/en/")
    assert response.status_code == 200
    assertInHTML('<a href="/en/plani/2025/">Annual plan of public consultations 2025</a>', response.content.decode())
    assert f'href="{reverse("reports:annual-report", args=[2025])}"'.replace("/sq/", "/en/") in (
        response.content.decode()
    )
    assert "/en/plani/2026/" not in response.content.decode()


def test_home_counts_the_year_in_progress_instead_of_linking_a_report_of_zeros(client, this_year_plan):
    year = this_year_plan.year
    PlanFactory(municipality=this_year_plan.municipality, year=year - 1)
    HearingFactory.create_batch(2, plan=this_year_plan)  # held, on 10 March of the plan's year
    upcoming_hearing(this_year_plan, days=3)
    html = client.get("/en/").content.decode()
    assert f"{year}: year in progress, 2 consultations held so far" in html
    assert f'href="/en/raportet/{year}/"' not in html
    # The last finished year's report, and the index of every report.
    assert f'<a href="/en/raportet/{year - 1}/">Report on the public consultations of {year - 1}</a>' in html
    assert f'<a href="{reverse("reports:report-index").replace("/sq/", "/en/")}">All annual reports</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 100])
def test_home_makes_a_constant_number_of_queries(client, this_year_plan, django_assert_max_num_queries, count):
    for day in range(count):
        place = PlaceFactory(municipality=this_year_plan.municipality)
        upcoming_hearing(this_year_plan, days=day + 2, place=place)
        open_written_consultation(this_year_plan, place=place)
    with django_assert_max_num_queries(11):
        response = client.get("/sq/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "link"), [("sq", "/konsultimet.ics"), ("bs", "/konsultimet.ics?lang=bs")])
def test_home_and_footer_calendar_links_carry_the_pages_language(client, municipality, language, link):
    html = client.get(f"/{language}/").content.decode()
    with translation.override(language):
        home_label = gettext("Add every consultation to your calendar (iCalendar)")
        footer_label = gettext("Calendar (iCalendar)")
    assertInHTML(f'<a href="{link}">{home_label}</a>', html)
    assertInHTML(f'<a href="{link}">{footer_label}</a>', html)


@pytest.mark.django_db
def test_the_calendar_of_a_bosnian_home_page_is_named_in_bosnian(client, municipality):
    municipality.name_bs = "Općina Test"
    municipality.save()

    cal = icalendar.Calendar.from_ical(client.get("/konsultimet.ics?lang=bs").content)

    with translation.override("bs"):
        name = gettext("Public consultations – %(municipality)s") % {"municipality": "Općina Test"}
    assert str(cal["X-WR-CALNAME"]) == name


@pytest.mark.django_db
def test_an_untranslated_municipality_name_is_marked_albanian(client, municipality):
    html = client.get("/en/").content.decode()
    with translation.override("en"):
        notice = pgettext("text shown in another language", "in Albanian")
    (h1,) = elements(html, "h1")
    assert h1.children[-1] == parse_html('<span class="d-block h4 mt-1" lang="sq">Komuna e Testit</span>')
    assert has_sequence(html, f'<span lang="sq">Komuna e Testit</span> <span class="fallback-notice">({notice})</span>')

    municipality.name_en = "Test Municipality"
    municipality.save()
    html = client.get("/en/").content.decode()
    (h1,) = elements(html, "h1")
    assert h1.children[-1] == parse_html('<span class="d-block h4 mt-1">Test Municipality</span>')
    assert "fallback-notice" not in html


@pytest.mark.parametrize(
    ("accept", "language"),
    [
        ("sr-Latn-RS,sr;q=0.9,en;q=0.5", "sr-latn"),
        # Serbian without a script is Cyrillic (CLDR's sr-RS is sr-Cyrl-RS).
        ("sr-RS", "sr"),
        ("sr-Cyrl-RS,sr;q=0.9", "sr"),
        ("bs-BA,bs;q=0.9", "bs"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE,fr;q=0.8,bs;q=0.5", "bs"),
        ("sq-AL", "sq"),
        ("de-DE,fr;q=0.8", "sq"),
    ],
)
def test_the_root_follows_the_browsers_language_among_the_offered_ones(client, db, accept, language):
    response = client.get("/", headers={"accept-language": accept})

    assert response["Location"] == f"/{language}/"
    assert "Accept-Language" in response["Vary"]


def test_the_cookie_wins_over_the_browsers_language(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/", headers={"accept-language": "sr"})["Location"] == "/en/"
