"""The published versions of the annual report in open data: the year's JSON and the feeds, read back."""

import hashlib
import json

import feedparser
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from reports.publishing import publish
from tests.factories import HearingFactory, channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(plan):
    """The 2025 report published twice: version 2 after a corrected attendance."""
    hearing = HearingFactory(plan=plan, women=10, men=15, announced_via=[channel("website")])
    publish(2025)
    hearing.women = 12
    hearing.save()
    return publish(2025, reason="corrects version 1: 12 women, not 10")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_years_json_carries_every_version_with_the_checksum_of_each_pdf(client, two_versions):
    document = json.loads(_body(client.get(reverse("opendata:hearings-json", args=[2025]))).decode())

    published = document["published_report"]
    assert published["latest_version"] == 2
    assert [version["version"] for version in published["versions"]] == [2, 1]
    assert published["versions"][0]["reason"] == "corrects version 1: 12 women, not 10"
    files = {item["language"]: item for item in published["versions"][0]["files"]}
    assert sorted(files) == ["bs", "en", "sq", "sr", "sr-latn", "tr"]
    stored = {item.language: item for item in two_versions.files.all()}
    for language, item in files.items():
        with default_storage.open(stored[language].file.name, "rb") as pdf:
            assert hashlib.sha256(pdf.read()).hexdigest() == item["sha256"]
        assert item["url"].endswith("/raportet/2025/v2/pdf/")


def test_before_any_version_the_years_json_says_so(client, plan):
    HearingFactory(plan=plan)
    document = json.loads(_body(client.get(reverse("opendata:hearings-json", args=[2025]))).decode())
    assert document["published_report"] is None


@pytest.mark.parametrize("name", ["opendata-pages:feed-rss", "opendata-pages:feed-atom"])
def test_the_feeds_announce_each_published_version(client, two_versions, name):
    with translation.override("en"):
        response = client.get(reverse(name))
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0
    titles = [entry.title for entry in parsed.entries]
    assert "Annual report 2025, version 2" in titles
    assert "Annual report 2025, version 1" in titles
    (second,) = [entry for entry in parsed.entries if entry.title == "Annual report 2025, version 2"]
    assert "12 women, not 10" in second.summary
    assert second.link.endswith("/en/raportet/2025/v2/pdf/")
