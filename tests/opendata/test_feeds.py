"""The RSS and Atom feeds, read back with feedparser as a feed reader would."""

import datetime
import io

import feedparser
import pytest
from django.core.management import call_command, get_commands
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from consultations.models import ConsultationPlan, Hearing
from opendata.feeds import FEED_LENGTH
from tests import factories

FEEDS = [("opendata-pages:feed-rss", "rss20"), ("opendata-pages:feed-atom", "atom10")]


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
        f"http://testserver/sq/konsultimet/{newer.pk}/{newer.slug}/",
        "http://testserver/sq/raportet/2025/",
        f"http://testserver/sq/konsultimet/{feed_data['older'].pk}/{feed_data['older'].slug}/",
    ]
    assert parsed.feed.link == "http://testserver/sq/konsultimet/"
    assert "Komuna e Testit" in parsed.feed.title


@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_feed_under_another_prefix_speaks_that_language(client, feed_data, name, version):
    parsed = _feed(client, name, language="sr-latn")

    newer = parsed.entries[0]
    assert newer.title == feed_data["newer"].title_sr_latn
    assert newer.link.startswith("http://testserver/sr-latn/konsultimet/")
    assert "Opštinski budžet" in newer.summary
    assert parsed.entries[1].link == "http://testserver/sr-latn/raportet/2025/"


@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_feed_entry_describes_topic_date_and_place(client, feed_data, name, version):
    parsed = _feed(client, name)

    summary = parsed.entries[-1].summary
    assert "Buxheti komunal" in summary
    assert "10.03.2025 10:00" in summary
    assert feed_data["older"].place.name_sq in summary
    assert parsed.entries[-1].published_parsed is not None


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


@pytest.mark.skipif("load_istog_2025" not in get_commands(), reason="load_istog_2025 is not written yet")
@pytest.mark.parametrize(("name", "version"), FEEDS)
def test_demo_feed_is_well_formed_in_every_language(client, db, name, version):
    call_command("load_istog_2025", stdout=io.StringIO())

    for language in ("sq", "sr-latn", "bs", "en"):
        parsed = _feed(client, name, language)
        assert parsed.version == version
        assert parsed.entries
        assert all(entry.link.startswith(f"http://testserver/{language}/") for entry in parsed.entries)
