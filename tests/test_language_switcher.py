"""The language switcher: each link leads to a page a GET can show, in that language."""

import pytest
from django.core.cache import cache

from tests.factories import HearingFactory
from tests.pages import elements

LANGUAGES = ["sq", "sr-latn", "sr", "bs", "tr", "en"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """The refusals count against a rate limit kept in the cache."""
    cache.clear()
    yield
    cache.clear()


def switcher_links(html: str) -> dict[str, str]:
    """The switcher's links by language; the page's own language is not a link."""
    links = (dict(link.attributes) for link in elements(html, "a"))
    return {link["hreflang"]: link["href"] for link in links if "hreflang" in link and "lang" in link}


@pytest.mark.django_db
def test_a_refused_comment_switches_to_the_consultations_page(client, plan):
    # A held hearing takes no comments: the page shown is the refusal, for a POST-only address.
    hearing = HearingFactory(plan=plan)
    response = client.post(f"/sr-latn/komento/{hearing.pk}/", {"body": "Kam një vërejtje."})
    assert response.status_code == 400

    links = switcher_links(response.content.decode())

    assert links == {code: f"/{code}/konsultimet/{hearing.pk}/" for code in LANGUAGES if code != "sr-latn"}
    for link in links.values():
        assert client.get(link).status_code == 200


@pytest.mark.django_db
def test_a_refused_subscription_switches_to_the_subscription_form(client, municipality):
    # Without the form's signed timestamp the subscription is refused, on the POST's address.
    response = client.post("/bs/abonohu/", {"email": "nije-adresa"})
    assert response.status_code == 400

    links = switcher_links(response.content.decode())

    assert links == {code: f"/{code}/abonohu/" for code in LANGUAGES if code != "bs"}
    for link in links.values():
        assert client.get(link).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_address_switches_to_each_languages_home(client, municipality, method):
    response = getattr(client, method)("/sr-latn/nema-ove-stranice/")
    assert response.status_code == 404

    links = switcher_links(response.content.decode())

    assert links == {code: f"/{code}/" for code in LANGUAGES if code != "sr-latn"}


@pytest.mark.django_db
def test_a_page_shown_for_a_get_keeps_its_address_and_query(client, municipality):
    html = client.get("/en/konsultimet/", {"year": "2025"}).content.decode()

    assert switcher_links(html) == {code: f"/{code}/konsultimet/?year=2025" for code in LANGUAGES if code != "en"}
