"""The main domain's languages: the national view's four; the others are not found there, never an error.

As on a municipality's domain, where a language it does not offer has no pages (municipalities.middleware).
"""

import pytest

from municipalities.platform_views import PLATFORM_LANGUAGES

pytestmark = pytest.mark.urls("istog_consult.platform_urls")

PATHS = ("/", "/kombetare/2025/", "/kombetare/2025/raporti/", "/kombetare/2025/raporti/pdf/", "/raportet/verifiko/")


@pytest.mark.parametrize("language", ["bs", "tr"])
def test_a_language_the_main_domain_does_not_offer_is_not_found_there(national_year, client, language):
    for path in (*PATHS, "/kombetare/hyrje/"):
        response = client.get(f"/{language}{path}")
        assert response.status_code == 404, path
        content = response.content.decode()
        assert '<html lang="sq">' in content and "Faqja nuk u gjet" in content  # the main domain's 404, in Albanian


def test_the_main_domain_offers_the_national_views_languages(national_year, client):
    assert PLATFORM_LANGUAGES == ("sq", "sr-latn", "sr", "en")
    for language in PLATFORM_LANGUAGES:
        assert client.get(f"/{language}/kombetare/2025/").status_code == 200
    switcher = client.get("/sq/kombetare/2025/").content.decode().split('class="portal-menu-list language-switcher"')[1]
    assert 'hreflang="sr"' in switcher and 'hreflang="bs"' not in switcher and 'hreflang="tr"' not in switcher


def test_the_root_never_sends_a_visitor_to_a_language_not_offered(national_year, client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="bs")["Location"] == "/sq/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="tr")["Location"] == "/sq/"
