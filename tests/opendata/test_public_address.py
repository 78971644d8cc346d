"""Every absolute link and calendar UID comes from settings.SITE_URL, whatever Host the request names."""

import json

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from papers.documents import page_url

PORTAL = "https://konsultime.example.org"
# A host the installation answers (ALLOWED_HOSTS) that is not its public address.
OTHER_HOST = "localhost"


@pytest.fixture
def public_address(settings):
    settings.SITE_URL = PORTAL


def _get(client, url):
    response = client.get(url, HTTP_HOST=OTHER_HOST)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_calendar_uids_and_links_come_from_the_public_address_not_the_host_header(client, hearing, public_address):
    cal = icalendar.Calendar.from_ical(_get(client, "/konsultimet-2025.ics"))

    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"hearing-{hearing.pk}@konsultime.example.org"
    assert str(event["URL"]) == f"{PORTAL}{hearing.get_absolute_url()}"


@pytest.mark.parametrize("name", ["opendata-pages:feed-rss", "opendata-pages:feed-atom"])
def test_feed_links_come_from_the_public_address_not_the_host_header(client, hearing, public_address, name):
    with translation.override("sq"):
        url = reverse(name)
    parsed = feedparser.parse(_get(client, url))

    assert parsed.feed.link == f"{PORTAL}/sq/konsultimet/"
    assert [entry.link for entry in parsed.entries][:1] == [f"{PORTAL}{hearing.get_absolute_url()}"]
    assert OTHER_HOST.encode() not in _get(client, url)


def test_csv_and_json_links_come_from_the_public_address_not_the_host_header(client, hearing, public_address):
    csv_text = _get(client, "/opendata/hearings-2025.csv").decode()
    hearings = json.loads(_get(client, "/opendata/hearings-2025.json"))
    plan = json.loads(_get(client, "/opendata/plan-2025.json"))

    assert f"{PORTAL}{hearing.get_absolute_url()}" in csv_text
    assert hearings["hearings"][0]["url"] == f"{PORTAL}{hearing.get_absolute_url()}"
    assert plan["url"].startswith(PORTAL + "/")
    for body in (csv_text, json.dumps(hearings), json.dumps(plan)):
        assert f"//{OTHER_HOST}" not in body


def test_a_shared_hearings_page_links_its_canonical_address_on_the_portal(client, hearing, public_address):
    page = _get(client, hearing.get_absolute_url()).decode()
    assert f'<link rel="canonical" href="{PORTAL}{hearing.get_absolute_url()}">' in page
    assert f"//{OTHER_HOST}" not in page


def test_qr_and_paper_links_use_the_public_address(hearing, public_address):
    assert page_url(hearing) == f"{PORTAL}{hearing.get_absolute_url()}"
