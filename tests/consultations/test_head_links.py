"""The head's links and Open Graph tags, read from the parsed page: what search engines and Facebook see."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.pages import elements

PORTAL = "https://konsultime.example.org"
LANGUAGES = ["sq", "sr-latn", "sr", "bs", "tr", "en"]


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.SITE_URL = PORTAL


def _attr(element, name):
    return dict(element.attributes)[name]


def _meta(page) -> dict[str, str]:
    return {
        _attr(meta, "property"): _attr(meta, "content")
        for meta in elements(page, "meta")
        if dict(meta.attributes).get("property")
    }


def _url(view_name, code, **kwargs):
    with translation.override(code):
        return reverse(view_name, kwargs=kwargs)


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_page_links_itself_in_every_language_and_a_default(client, hearing, code):
    page = client.get(_url("consultations:hearing-list", code), HTTP_HOST="localhost")

    alternates = {
        _attr(link, "hreflang"): _attr(link, "href")
        for link in elements(page, "link", rel="alternate")
        if dict(link.attributes).get("hreflang")
    }
    assert alternates == {
        **{other: f"{PORTAL}{_url('consultations:hearing-list', other)}" for other in LANGUAGES},
        "x-default": f"{PORTAL}/sq/konsultimet/",
    }
    (canonical,) = elements(page, "link", rel="canonical")
    assert _attr(canonical, "href") == f"{PORTAL}{_url('consultations:hearing-list', code)}"


def test_a_hearing_opened_from_facebook_names_its_plain_address_as_canonical(client, hearing):
    page = client.get(f"{hearing.get_absolute_url()}?fbclid=IwAR0abc", follow=True)
    (canonical,) = elements(page, "link", rel="canonical")
    assert _attr(canonical, "href") == f"{PORTAL}{hearing.get_absolute_url()}"


def test_a_shared_hearing_shows_its_title_date_and_municipality(client, hearing):
    page = client.get(hearing.get_absolute_url())

    tags = _meta(page)
    assert tags["og:title"] == hearing.title_sq
    assert "Komuna e Testit" in tags["og:description"]
    assert "10:00" in tags["og:description"]
    assert tags["og:url"] == f"{PORTAL}{hearing.get_absolute_url()}"
    assert tags["og:site_name"] == "Komuna e Testit"
    assert tags["og:locale"] == "sq_AL"
    assert tags["og:type"] == "article"


def test_any_public_page_has_the_open_graph_basics(client, hearing):
    tags = _meta(client.get("/en/plani/"))
    assert tags["og:site_name"] == "Komuna e Testit"
    assert tags["og:title"].startswith("Public consultations")
    assert tags["og:locale"] == "en_GB"
    assert tags["og:url"] == f"{PORTAL}/en/plani/"
