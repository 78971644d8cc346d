"""The RSS and Atom feeds, read back with feedparser as a feed reader would."""

import calendar
import datetime
import io
import zoneinfo

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pytest_django.asserts import assertInHTML

from consultations.models import ConsultationPlan, Hearing
from opendata.feeds import FEED_LENGTH
from tests import factories
from web.cyrillic import to_cyrillic

FEEDS = [("opendata-pages:feed-rss", "rss20"), ("opendata-pages:feed-atom", "atom10")]
BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")


def _feed(client, name: str, language: str = "sq") -> feedparser.FeedParserDict:
    with translation.override(language):
        url = reverse(name)
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def _published(hearing: Hearing, days_ago: int) -> Hearing:
    """Pretend the hearing was published some days ago, to control the feed's order."""
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    Hearing.objects.filter(pk=hearing.pk).update(published_at=moment)
    return hearing


@pytest.fixture
def feed_data(plan):
    """Two published hearings, an unpublished one, and the published plan (its report)."""
    ConsultationPlan.objects.filter(pk=plan.pk).update(published_at=timezone.now() - datetime.timedelta(days=10))
    older = _published(factories.HearingFactory(plan=plan, title="Dëgjim për buxhetin"), days_ago=20)
    newer = _published(factories.HearingFactory(plan=plan, title="Takim në bashkësinë lokale"), days_ago=1)
    factories.HearingFactory(plan=plan, title="Ende pa u publikuar", is_published=False)
    return {"older": older, "newer": newer}


@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_feed_lists_published_hearings_and_reports_newest_first(client, feed_data, name, version):
    parsed = _feed(client, name)

    assert parsed.version == version
    with translation.override("sq"):
        report_title = gettext("Annual report on public consultations %(year)s") % {"year": 2025}
    assert [entry.title for entry in parsed.entries] == [
        "Takim në bashkësinë lokale",
        report_title,
        "Dëgjim për buxhetin",
    ]
    assert "Ende pa u publikuar" not in {entry.title for entry in parsed.entries}


@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_feed_links_are_absolute_and_in_the_feeds_language(client, feed_data, name, version):
    newer = feed_data["newer"]

    parsed = _feed(client, name)

    links = [entry.link for entry in parsed.entries]
    assert links == [
        f"http://127.0.0.1:8000/sq/konsultimet/{newer.pk}/{newer.slug}/",
        "http://127.0.0.1:8000/sq/raportet/2025/",
        f"http://127.0.0.1:8000/sq/konsultimet/{feed_data['older'].pk}/{feed_data['older'].slug}/",
    ]
    assert parsed.feed.link == "http://127.0.0.1:8000/sq/konsultimet/"
    assert "Komuna e Testit" in parsed.feed.title


@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_feed_under_another_prefix_speaks_that_language(client, feed_data, name, version):
    parsed = _feed(client, name, language="sr-latn")

    newer = parsed.entries[0]
    assert newer.title == feed_data["newer"].title_sr_latn
    assert newer.link.startswith("http://127.0.0.1:8000/sr-latn/konsultimet/")
    assert "Opštinski budžet" in newer.summary
    assert parsed.entries[1].link == "http://127.0.0.1:8000/sr-latn/raportet/2025/"


@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_feed_in_serbian_cyrillic_is_the_serbian_latin_one_transliterated(client, feed_data, name, version):
    parsed = _feed(client, name, language="sr")

    newer = parsed.entries[0]
    assert newer.title == to_cyrillic(feed_data["newer"].title_sr_latn)
    assert newer.link.startswith("http://127.0.0.1:8000/sr/konsultimet/")
    assert "Општински буџет" in newer.summary


@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_feed_entry_describes_topic_date_and_place(client, feed_data, name, version):
    parsed = _feed(client, name)

    summary = parsed.entries[-1].summary
    assert "Buxheti komunal" in summary
    assert "10 mars 2025, 10:00" in summary
    assert feed_data["older"].place.name_sq in summary
    assert parsed.entries[-1].published_parsed is not None


def _report_title(year: int) -> str:
    with translation.override("sq"):
        return gettext("Annual report on public consultations %(year)s") % {"year": year}


def _published_at(entry: feedparser.FeedParserDict) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(calendar.timegm(entry.published_parsed), datetime.UTC)


@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_feed_leaves_out_the_consultations_and_reports_of_another_municipality(
    client, feed_data, settings, name, version
):
    settings.MUNICIPALITY_SLUG = feed_data["newer"].plan.municipality.slug
    other = factories.MunicipalityFactory(slug="tjeter", name="Komuna Tjetër")
    other_plan = factories.PlanFactory(municipality=other, year=2024)
    _published(factories.HearingFactory(plan=other_plan, title="Dëgjim i komunës tjetër"), days_ago=2)

    parsed = _feed(client, name)

    assert [entry.title for entry in parsed.entries] == [
        "Takim në bashkësinë lokale",
        _report_title(2025),
        "Dëgjim për buxhetin",
    ]


@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_report_is_announced_only_once_its_year_is_over(client, municipality, name, version):
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        plan = factories.PlanFactory(municipality=municipality, year=year)
        ConsultationPlan.objects.filter(pk=plan.pk).update(
            published_at=datetime.datetime(year, 1, 15, 9, 0, tzinfo=BELGRADE)
        )

    (entry,) = _feed(client, name).entries

    assert entry.title == _report_title(this_year - 1)
    assert _published_at(entry) == datetime.datetime(this_year, 1, 1, tzinfo=BELGRADE)


def test_report_of_a_plan_published_after_its_year_is_dated_by_its_publication(client, municipality):
    plan = factories.PlanFactory(municipality=municipality, year=2023)
    published_at = datetime.datetime(2024, 2, 20, 8, 0, tzinfo=datetime.UTC)
    ConsultationPlan.objects.filter(pk=plan.pk).update(published_at=published_at)

    (entry,) = _feed(client, "opendata-pages:feed-rss").entries

    assert entry.title == _report_title(2023)
    assert _published_at(entry) == published_at


def test_place_whose_translation_is_blank_is_given_in_albanian_as_on_the_page(client, hearing):
    hearing.place.name_sr_latn = "   "
    hearing.place.save()

    parsed = _feed(client, "opendata-pages:feed-rss", language="sr-latn")

    (entry,) = [entry for entry in parsed.entries if "/konsultimet/" in entry.link]
    with translation.override("sr-latn"):
        place = gettext("Place: %(place)s") % {"place": hearing.place.name_sq}
    assertInHTML(f"<p>{place}</p>", entry.summary)


def test_draft_plan_has_no_report_entry(client, municipality):
    factories.PlanFactory(municipality=municipality, year=2026, status=ConsultationPlan.Status.DRAFT)

    parsed = _feed(client, "opendata-pages:feed-rss")

    assert parsed.entries == []


def test_feed_is_limited_to_the_newest_entries(client, plan):
    place = factories.PlaceFactory(municipality=plan.municipality)
    factories.HearingFactory.create_batch(FEED_LENGTH + 5, plan=plan, place=place)

    assert len(_feed(client, "opendata-pages:feed-atom").entries) == FEED_LENGTH


@pytest.mark.parametrize("count", [5, 40])
@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_feed_takes_a_constant_number_of_queries(client, plan, django_assert_max_num_queries, count, name, version):
    place = factories.PlaceFactory(municipality=plan.municipality)
    factories.HearingFactory.create_batch(count, plan=plan, place=place)
    for year in (2023, 2024):
        factories.PlanFactory(municipality=plan.municipality, year=year)

    with translation.override("sq"):
        url = reverse(name)
    with django_assert_max_num_queries(5):
        response = client.get(url)

    assert len(feedparser.parse(response.content).entries) == min(count + 3, FEED_LENGTH)


@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_demo_feed_is_well_formed_in_every_language(client, db, name, version):
    call_command("load_istog_2025", stdout=io.StringIO())

    for language in ("sq", "sr-latn", "sr", "bs", "en"):  # Istog's languages (Turkish is Mamusha's)
        parsed = _feed(client, name, language)
        assert parsed.version == version
        assert parsed.entries
        assert all(entry.link.startswith(f"http://127.0.0.1:8000/{language}/") for entry in parsed.entries)
