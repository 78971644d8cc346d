"""The national reader on the national page: a link to each municipality's compliance page, on its own domain.

Anonymous visitors never see those links, the shared page cache never holds them, and a signed-in
reader never gets the cached anonymous copy. The reader signs in on the main domain itself (sessions
are per host): /<lang>/kombetare/hyrje/ lets in national readers and superusers only.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from municipalities import roles
from tests.factories import HearingFactory, MunicipalityFactory, PlanFactory, UserFactory

from .conftest import MAIN_HOST

pytestmark = pytest.mark.urls("istog_consult.platform_urls")

PASSWORD = "correct-horse-battery-staple"  # tests.factories.UserFactory's
ISTOG_LINK = 'href="https://istog.example.org/en/stafi/pajtueshmeria/2025/"'
PEJA_LINK = 'href="https://peja.example.org/en/stafi/pajtueshmeria/2025/"'
PRIZREN_LINK = 'href="https://prizren.example.org/en/stafi/pajtueshmeria/2025/"'


@pytest.fixture
def reader(db):
    return UserFactory(username="ministria", groups=[roles.NATIONAL_READER])


def _signed_in(user) -> Client:
    client = Client(HTTP_HOST=MAIN_HOST)
    client.force_login(user)
    return client


def _page(client, path="/en/kombetare/2025/"):
    response = client.get(path)
    assert response.status_code == 200
    return response, response.content.decode()


def test_a_national_reader_sees_a_link_to_each_municipalitys_compliance_page_on_its_own_domain(
    national_year, client, reader
):
    _response, content = _page(_signed_in(reader))

    assert ISTOG_LINK in content and PEJA_LINK in content and PRIZREN_LINK in content
    assert f"https://{MAIN_HOST}/en/stafi/" not in content  # never the Host the request named
    assert "You are signed in as ministria, a national reader" in content


def test_the_link_is_in_the_readers_language_where_the_municipality_offers_it_else_in_its_default(
    national_year, client, reader
):
    peja = national_year["peja"]
    peja.languages, peja.default_language = ["sq", "sr-latn"], "sq"
    peja.save()

    _response, content = _page(_signed_in(reader))

    assert 'href="https://peja.example.org/sq/stafi/pajtueshmeria/2025/"' in content
    assert ISTOG_LINK in content


@pytest.mark.urls("istog_consult.urls")  # a municipality's domain: its portal's addresses
def test_the_link_leads_to_a_page_the_reader_may_read_there(national_year, client, reader):
    municipal = Client(HTTP_HOST="istog.example.org")
    assert municipal.get("/en/stafi/pajtueshmeria/2025/").status_code == 302  # signs in there first

    municipal.force_login(reader)

    assert municipal.get("/en/stafi/pajtueshmeria/2025/").status_code == 200


def test_a_superuser_sees_the_links_too(national_year, client):
    _response, content = _page(_signed_in(UserFactory(username="root", is_superuser=True)))

    assert ISTOG_LINK in content


def test_anonymous_visitors_and_a_municipalitys_staff_do_not_see_them(national_year, client):
    officer = UserFactory(username="zyrtari", groups=[roles.OFFICER])
    for visitor in (client, _signed_in(officer)):
        _response, content = _page(visitor)
        assert "/stafi/pajtueshmeria/" not in content
        assert "national-staff-link" not in content and "a national reader:" not in content


def test_the_cached_page_never_holds_the_links_and_a_reader_never_gets_the_cached_copy(
    national_year, client, reader, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    signed_in = _signed_in(reader)

    response, content = _page(signed_in)
    assert ISTOG_LINK in content and "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]  # nor does the proxy in front keep it

    response, content = _page(client)
    assert response["X-Page-Cache"] == "miss" and "/stafi/" not in content
    response, content = _page(client)
    assert response["X-Page-Cache"] == "hit" and "/stafi/" not in content

    response, content = _page(signed_in)
    assert ISTOG_LINK in content and "X-Page-Cache" not in response
    response, content = _page(client)
    assert response["X-Page-Cache"] == "hit" and "/stafi/" not in content


def test_the_anonymous_page_reads_no_session_so_that_it_is_shared(national_year, client):
    response, _content = _page(client)

    assert "private" not in response.get("Cache-Control", "")
    assert "Cookie" not in response.get("Vary", "")


def test_a_national_reader_signs_in_on_the_main_domain_and_out_again(national_year, client, reader):
    page = client.get("/en/kombetare/hyrje/")
    assert page.status_code == 200 and 'name="password"' in page.content.decode()

    response = client.post(
        "/en/kombetare/hyrje/",
        {"username": "ministria", "password": PASSWORD, "next": "/en/kombetare/2025/?sort=-women"},
    )

    assert response.status_code == 302 and response["Location"] == "/en/kombetare/2025/?sort=-women"
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["domain"] == ""  # this host's only: the municipalities' portals ask for their own sign-in
    _response, content = _page(client)
    assert ISTOG_LINK in content

    assert client.post("/en/kombetare/dalje/")["Location"] == "/en/"
    _response, content = _page(client)
    assert "/stafi/" not in content


def test_the_sign_in_goes_to_this_years_national_page_and_never_to_another_host(national_year, client, reader):
    response = client.post(
        "/en/kombetare/hyrje/", {"username": "ministria", "password": PASSWORD, "next": "https://evil.example.com/"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/en/kombetare/") and response["Location"].endswith("/")


def test_a_municipalitys_officer_is_not_signed_in_on_the_main_domain(national_year, client):
    UserFactory(username="zyrtari", groups=[roles.OFFICER])

    response = client.post("/en/kombetare/hyrje/", {"username": "zyrtari", "password": PASSWORD})

    assert response.status_code == 200
    assert "This sign-in is for national readers." in response.content.decode()
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_wrong_passwords_lock_the_sign_in_for_a_while_without_an_error(national_year, client, reader):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/en/kombetare/hyrje/", {"username": "ministria", "password": "wrong"}).status_code == 200

    locked = client.post("/en/kombetare/hyrje/", {"username": "ministria", "password": "wrong"})
    response = client.post("/en/kombetare/hyrje/", {"username": "ministria", "password": PASSWORD})

    assert locked.status_code == response.status_code == 429
    assert "Sign-in blocked for a while" in response.content.decode()
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def _reader_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/kombetare/2025/").status_code == 200
    return len(queries)


def test_the_readers_page_takes_as_many_queries_for_five_municipalities_as_for_two(db, client, reader):
    for number in range(2):
        HearingFactory(plan=PlanFactory(municipality=MunicipalityFactory(name=f"Komuna {number}", slug=f"m{number}")))
    client = _signed_in(reader)
    _reader_page_queries(client)
    two = _reader_page_queries(client)
    for number in range(2, 5):
        HearingFactory(plan=PlanFactory(municipality=MunicipalityFactory(name=f"Komuna {number}", slug=f"m{number}")))
    _reader_page_queries(client)

    assert _reader_page_queries(client) == two
