"""The annual report's web page and the list of reports."""

import re

import pytest
from pytest_django.asserts import assertInHTML

from consultations.models import ConsultationPlan, Hearing
from tests.factories import HearingFactory, PlanFactory, channel
from tests.pages import elements, text


@pytest.fixture
def reported_year(plan):
    """Two held hearings in the published 2025 plan, announced on the website."""
    HearingFactory(plan=plan, women=11, men=13, announced_via=[channel("website")])
    HearingFactory(plan=plan, method=Hearing.Method.CITIZENS, women=6, men=9, announced_via=[channel("website")])
    return plan


def cells(html: str) -> list[str]:
    """The text of the table cells of the methods table's footer (the totals row)."""
    footer = elements(html, "tfoot")[0]
    return [text(cell) for cell in elements(footer, ("th", "td"))]


def test_report_page_shows_the_computed_figures(client, reported_year):
    response = client.get("/en/raportet/2025/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Report from the public consultation process, January – December 2025" in html
    assert "Komuna e Testit held a total of 2 public consultations with citizens." in html
    assert "They were attended by 39 participants: 17 women and 22 men." in html
    assert cells(html) == ["Total", "2", "17", "22", "39"]
    assert "Municipal website" in html


def test_report_page_links_to_the_pdf_and_the_plan(client, reported_year):
    html = client.get("/sq/raportet/2025/").content.decode()

    assert 'href="/sq/raportet/2025/pdf/"' in html
    assert 'href="/sq/plani/2025/"' in html


def test_report_page_has_accessible_tables(client, reported_year):
    html = client.get("/en/raportet/2025/").content.decode()

    assert (
        len(elements(html, "caption")) == len(elements(html, "table")) == 8
    )  # with the minimum standards and the responses
    # Scopes tie cells to their headers; no ARIA roles, which HTML forbids on table elements.
    assertInHTML('<th scope="col" rowspan="2">No.</th>', html)
    assertInHTML('<th scope="colgroup" colspan="3">Number of participants</th>', html)
    assert 'role="' not in html.split("<table", 1)[1].split("</table>", 1)[0]
    headings = [heading.name for heading in elements(html, ("h1", "h2", "h3", "h4", "h5", "h6"))]
    assert headings[0] == "h1" and set(headings[1:]) == {"h2"}


def test_report_for_a_plan_without_hearings_shows_zeros(client, plan):
    html = client.get("/en/raportet/2025/").content.decode()

    assert "held a total of 0 public consultations" in html
    assert "No public consultation was held in 2025." in html
    assert cells(html) == ["Total", "0", "0", "0", "0"]


@pytest.mark.parametrize("path", ["/sq/raportet/2019/", "/sq/raportet/2019/pdf/"])
def test_year_without_a_plan_is_not_found(client, plan, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/sq/raportet/2025/", "/sq/raportet/2025/pdf/"])
def test_draft_plan_has_no_public_report(client, municipality, path):
    PlanFactory(municipality=municipality, status=ConsultationPlan.Status.DRAFT)

    assert client.get(path).status_code == 404


@pytest.mark.parametrize("year", [0, 1999, 2101, 99999999999999999999])
def test_absurd_years_are_not_found(client, plan, year):
    assert client.get(f"/sq/raportet/{year}/").status_code == 404
    assert client.get(f"/sq/raportet/{year}/pdf/").status_code == 404


def test_report_in_serbian_declares_its_language(client, reported_year):
    html = client.get("/sr-latn/raportet/2025/").content.decode()

    assert elements(html, "html", lang="sr-latn")
    assert "Veb-sajt opštine" in html


def test_report_renders_in_the_language_of_the_address_not_the_cookie(client, reported_year):
    client.cookies["django_language"] = "en"

    html = client.get("/sr-latn/raportet/2025/").content.decode()

    assert elements(html, "html", lang="sr-latn")
    assert "Veb-sajt opštine" in html


def test_report_index_lists_years_with_a_published_plan(client, plan):
    PlanFactory(municipality=plan.municipality, year=2024)
    PlanFactory(municipality=plan.municipality, year=2026, status=ConsultationPlan.Status.DRAFT)

    html = client.get("/sq/raportet/").content.decode()

    assert re.findall(r'href="/sq/raportet/(\d{4})/"', html) == ["2025", "2024"]
    assert 'href="/sq/raportet/2025/pdf/"' in html


@pytest.mark.parametrize("hearings", [5, 100])
def test_report_page_queries_do_not_grow_with_hearings(client, plan, hearings, django_assert_max_num_queries):
    HearingFactory.create_batch(hearings, plan=plan, announced_via=[channel("website"), channel("facebook")])

    # 20 with the minimum standards and the year's responses, 1 for the publication box
    with django_assert_max_num_queries(21):
        response = client.get("/sq/raportet/2025/")
    assert response.status_code == 200
