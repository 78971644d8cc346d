"""The open data page: what the files hold, their licence and where to find them."""

from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertInHTML

from consultations.models import ConsultationPlan
from opendata import exports
from tests import factories
from tests.pages import elements


def _page(client, language: str = "sq") -> str:
    with translation.override(language):
        url = reverse("opendata-pages:opendata")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_page_documents_every_column_in_an_accessible_table(client, plan):
    page = _page(client)

    assert len(elements(page, "caption")) == 2
    for column in exports.COLUMNS:
        assertInHTML(f'<th scope="row"><code>{column.name}</code></th>', page)
    assert len(elements(page, "th", scope="col")) == 8
    for code in ("citizens", "online", "hearing", "written", "planned", "held", "cancelled", "assembly_hall"):
        assertInHTML(f"<code>{code}</code>", page)


def test_page_links_the_files_of_published_years_only(client, municipality, plan):
    factories.PlanFactory(municipality=municipality, year=2024)
    factories.PlanFactory(municipality=municipality, year=2026, status=ConsultationPlan.Status.DRAFT)

    page = _page(client)

    for year in (2024, 2025):
        for name in ("opendata:hearings-csv", "opendata:hearings-json", "opendata:plan-json"):
            assert f'href="{reverse(name, args=[year])}"' in page
    assert "2026.csv" not in page
    assert page.index("hearings-2025.csv") < page.index("hearings-2024.csv")


def test_page_links_each_years_data_package_in_its_language_and_the_catalogue(client, municipality, plan):
    factories.PlanFactory(municipality=municipality, year=2024)

    page = _page(client, "sr-latn")

    for year in (2024, 2025):
        assert f'href="/opendata/datapackage-{year}.json?lang=sr-latn"' in page
    assert 'href="/opendata/catalog.jsonld"' in page
    assert "DCAT-AP" in page


def test_page_names_the_licence(client, plan):
    page = _page(client)

    assert "Creative Commons Attribution 4.0" in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page


def test_page_links_the_calendar_in_each_language_and_the_feeds(client, plan):
    page = _page(client, "en")

    for code in ("sq", "sr-latn", "bs", "tr", "en"):
        assert f'href="/konsultimet.ics?lang={code}"' in page
    assert 'href="/en/feeds/rss/"' in page
    assert 'href="/en/feeds/atom/"' in page


def test_page_without_any_published_plan_says_so(client, municipality):
    factories.PlanFactory(municipality=municipality, status=ConsultationPlan.Status.DRAFT)

    page = _page(client)

    assert "hearings-2025.csv" not in page
    assertInHTML('<th scope="row"><code>women</code></th>', page)


def test_page_is_served_in_every_language(client, plan):
    for language in ("sq", "sr-latn", "bs", "tr", "en"):
        assert elements(_page(client, language), "html", lang=language)
