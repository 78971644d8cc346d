"""robots.txt and sitemap.xml, read as a crawler reads them."""

from urllib import robotparser
from xml.etree import ElementTree

import pytest

from tests import factories

PORTAL = "https://konsultime.example.org"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.SITE_URL = PORTAL


def _robots(client) -> robotparser.RobotFileParser:
    response = client.get("/robots.txt", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    parser = robotparser.RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser


@pytest.mark.parametrize("path", ["/sq/", "/en/konsultimet/", "/sr-latn/plani/2025/", "/konsultimet.ics"])
def test_robots_allow_the_public_pages(client, db, path):
    assert _robots(client).can_fetch("*", f"{PORTAL}{path}")


@pytest.mark.parametrize(
    "path", ["/sq/admin/", "/en/admin/login/", "/bs/stafi/pasqyra/", "/sq/stafi/pajtueshmeria/2025/"]
)
def test_robots_close_the_admin_and_staff_pages(client, db, path):
    assert not _robots(client).can_fetch("*", f"{PORTAL}{path}")


def test_robots_name_the_sitemap_on_the_public_address(client, db):
    assert _robots(client).site_maps() == [f"{PORTAL}/sitemap.xml"]


def test_sitemap_lists_public_pages_in_every_language_with_their_alternates(client, hearing):
    unpublished = factories.HearingFactory(plan=hearing.plan, is_published=False)
    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 (the portal's own sitemap)

    locations = [url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)]
    assert f"{PORTAL}/sq/" in locations
    assert f"{PORTAL}/en/plani/2025/" in locations
    for code in ("sq", "sr-latn", "sr", "bs", "tr", "en"):
        assert f"{PORTAL}/{code}/konsultimet/{hearing.pk}/{hearing.slug}/" in locations
    assert not any(f"/konsultimet/{unpublished.pk}/" in location for location in locations)
    assert not any("/admin/" in location or "/stafi/" in location for location in locations)
    assert all(location.startswith(PORTAL + "/") for location in locations)

    (entry,) = [
        url
        for url in root.findall("s:url", NS)
        if url.findtext("s:loc", namespaces=NS) == f"{PORTAL}/en/konsultimet/{hearing.pk}/{hearing.slug}/"
    ]
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)}
    assert alternates["sq"] == f"{PORTAL}/sq/konsultimet/{hearing.pk}/{hearing.slug}/"
    assert alternates["x-default"] == alternates["sq"]
    assert set(alternates) == {"sq", "sr-latn", "sr", "bs", "tr", "en", "x-default"}
