"""The national pages on the main domain: sorted and filtered without JavaScript, cached, in every language."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import HearingFactory, MunicipalityFactory, PlanFactory

pytestmark = pytest.mark.urls("istog_consult.platform_urls")


def _names(response) -> list[str]:
    table = response.content.decode().split('id="national-table"')[1].split("</table>")[0]
    return re.findall(r'<th scope="row"><a href="[^"]*">([^<]+)</a>', table)


def test_the_platform_home_lists_every_municipality_and_the_national_view(national_year, client):
    response = client.get("/sq/")

    assert response.status_code == 200
    content = response.content.decode()
    for name in ("Komuna e Istogut", "Komuna e Pejës", "Komuna e Prizrenit"):
        assert name in content
    assert 'href="/sq/kombetare/' in content


def test_the_national_page_shows_every_municipality_with_its_source(national_year, client):
    response = client.get("/en/kombetare/2025/")

    assert response.status_code == 200
    assert _names(response) == ["Komuna e Istogut", "Komuna e Pejës", "Komuna e Prizrenit"]
    content = response.content.decode()
    assert "Version 1," in content
    assert "Not published: figures provisional" in content
    assert "No published plan: nothing to count." in content
    assert 'href="https://istog.example.org/en/raportet/2025/"' in content  # Istog's annual report on its portal
    assert content.count("<svg") == 3
    assert 'role="img"' in content and "Komuna e Pejës: 80%" in content


def test_the_table_sorts_by_any_column_in_both_directions(national_year, client):
    assert _names(client.get("/en/kombetare/2025/?sort=-women"))[:2] == ["Komuna e Pejës", "Komuna e Istogut"]
    assert _names(client.get("/en/kombetare/2025/?sort=women"))[:2] == ["Komuna e Istogut", "Komuna e Pejës"]
    response = client.get("/en/kombetare/2025/?sort=-participants")
    assert _names(response) == ["Komuna e Istogut", "Komuna e Pejës", "Komuna e Prizrenit"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_the_table_filters_by_report_meetings_and_standard(national_year, client):
    assert _names(client.get("/en/kombetare/2025/?report=provisional")) == ["Komuna e Pejës"]
    assert _names(client.get("/en/kombetare/2025/?meetings=met")) == ["Komuna e Istogut"]
    assert _names(client.get("/en/kombetare/2025/?standard=meetings_per_year&status=failed")) == [
        "Komuna e Pejës",
        "Komuna e Prizrenit",
    ]


@pytest.mark.parametrize(
    "query", ["?sort=nonsense", "?report=x", "?sort=-", "?standard=%00&status=passed", "?meetings=" + "x" * 5000]
)
def test_unknown_values_are_ignored_never_an_error(national_year, client, query):
    assert client.get("/en/kombetare/2025/" + query).status_code == 200


def test_an_unknown_parameter_is_redirected_away(national_year, client):
    response = client.get("/en/kombetare/2025/?utm=1&sort=women")

    assert response.status_code == 302
    assert response["Location"] == "/en/kombetare/2025/?sort=women"


@pytest.mark.parametrize("year", [1999, 2101])
def test_a_year_outside_the_plans_is_not_found(national_year, client, year):
    assert client.get(f"/en/kombetare/{year}/").status_code == 404


@pytest.mark.parametrize("language", ["sq", "sr-latn", "en"])
def test_the_national_page_and_report_in_every_language(national_year, client, language):
    for path in (f"/{language}/", f"/{language}/kombetare/2025/", f"/{language}/kombetare/2025/raporti/"):
        response = client.get(path)
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()


def test_the_page_is_cached_and_an_edit_in_one_municipality_renews_it(national_year, client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    assert client.get("/en/kombetare/2025/")["X-Page-Cache"] == "miss"
    assert client.get("/en/kombetare/2025/")["X-Page-Cache"] == "hit"

    HearingFactory(plan=PlanFactory(municipality=national_year["peja"], year=2025), women=40, men=0)

    response = client.get("/en/kombetare/2025/")
    assert response["X-Page-Cache"] == "miss"
    assert "Komuna e Pejës: 96%" in response.content.decode()


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/kombetare/2025/").status_code == 200
    return len(queries)


def test_the_page_takes_as_many_queries_for_five_municipalities_as_for_two(db, client):
    for number in range(2):
        HearingFactory(plan=PlanFactory(municipality=MunicipalityFactory(name=f"Komuna {number}", slug=f"m{number}")))
    _page_queries(client)
    two = _page_queries(client)
    for number in range(2, 5):
        HearingFactory(plan=PlanFactory(municipality=MunicipalityFactory(name=f"Komuna {number}", slug=f"m{number}")))
    _page_queries(client)

    assert _page_queries(client) == two
