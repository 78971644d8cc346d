"""The annual plan's page: laid out as the municipality's form, published plans only."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertInHTML

from consultations.models import ConsultationPlan
from tests.factories import HearingFactory, PlaceFactory, PlanFactory
from tests.pages import elements, row_cell, text


@pytest.fixture
def seed_plan(municipality):
    """The 2025 plan as the municipality of Istog wrote it."""
    return PlanFactory(
        municipality=municipality,
        year=2025,
        participants="Qytetarët e Komunës së Istogut\nOJQ-të\nGupet e interesit\netj.",
        budget=None,
        purpose="Konsultimet Publike 2024",
        process_holders="Anëtarët e grupeve punuese",
        objectives="Përfshirja e qytetarëve në dëgjime publike, si dhe transparencë për të gjithë",
        others_involved="Kryetari i Komunës\nDrejtorët e Drejtorive",
        key_issues="Pjesëmarrja e të gjithë qytetarëve pa dallim",
        internal_actors="Drejtoria për Buxhet dhe Financa\nKomuna e Istogut",
        external_actors="Qytetarët\nOJQ-të\nGrupet e interesit",
        communication_media="Mediet lokale dhe qendrore\nQytetarët dhe OJQ-të",
        expected_results="Arritjet dhe angazhimi i qytetarëve në konsultime",
        information_expected="Rekomandime për çdo konsultim publik",
        reporting_verbal=True,
        reporting_written=True,
        methods_verbal=True,
        methods_written=True,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
        responsible_officer_name="Ardon Arifaj",
    )


@pytest.mark.django_db
def test_the_plan_page_follows_the_municipality_form(client, seed_plan):
    response = client.get("/en/plani/2025/")
    assert response.status_code == 200
    html = response.content.decode()
    labels = [
        "Municipality",
        "Participants in public consultations",
        "Budget",
        "Purpose of the consultation",
        "Process holders",
        "Objectives / aims of the consultation",
        "Others involved",
        "Key issues of the consultation – topic",
        "Internal actors",
        "External actors",
        "Communication and media",
        "Information: what material is offered to the actors for the public hearing",
        "Strategies for including citizens in public hearings",
        "Expected results",
        "What information we expect to receive",
        "Reporting options",
        "Consultation methods",
        "Main areas of evaluation",
        "Start date",
        "End date",
        "Official responsible for public consultations",
    ]
    headings = [text(th) for th in elements(html, "th", scope="row")]
    assert [heading for heading in headings if heading in labels] == labels
    assert text(row_cell(html, "Municipality")).startswith("Komuna e Testit")
    assertInHTML("<li>Qytetarët e Komunës së Istogut</li><li>OJQ-të</li><li>Gupet e interesit</li><li>etj.</li>", html)
    assert text(row_cell(html, "Budget")) == "Undetermined"
    assert "Konsultimet Publike 2024" in html
    assertInHTML("<li>Kryetari i Komunës</li><li>Drejtorët e Drejtorive</li>", html)
    assertInHTML("<li>Verbal</li><li>Written</li>", html)
    assertInHTML('<time datetime="2025-01-01">1 January 2025</time>', html)
    assertInHTML('<time datetime="2025-12-31">31 December 2025</time>', html)
    assert "Ardon Arifaj" in html


@pytest.mark.django_db
def test_empty_plan_fields_are_shown_as_a_dash(client, seed_plan):
    html = client.get("/en/plani/2025/").content.decode()
    # Information material, inclusion strategies and evaluation areas were left blank.
    assertInHTML('<span aria-hidden="true">—</span><span class="visually-hidden">Not filled in</span>', html, count=3)


@pytest.mark.django_db
def test_a_budget_is_shown_in_euro(client, municipality):
    PlanFactory(municipality=municipality, year=2025, budget=Decimal("12500.00"))
    html = client.get("/en/plani/2025/").content.decode()
    assert "12,500.00 €" in html


@pytest.mark.django_db
def test_the_plan_page_lists_the_year_hearings_and_links_the_report(client, seed_plan):
    hearing = HearingFactory(plan=seed_plan, title="Dëgjimi për buxhetin")
    HearingFactory(plan=seed_plan, title="Ende e pa publikuar", is_published=False)
    html = client.get("/en/plani/2025/").content.decode()
    assert elements(html, "a", href=f"/en/konsultimet/{hearing.pk}/{hearing.slug}/")
    assert "Ende e pa publikuar" not in html
    assert elements(html, "a", href="/en/konsultimet/?year=2025")
    assert elements(html, "a", href="/en/raportet/2025/")


@pytest.mark.django_db
def test_a_plan_text_missing_in_bosnian_falls_back_to_albanian_with_a_notice(client, seed_plan):
    seed_plan.purpose_bs = ""
    seed_plan.participants_bs = "Građani općine Istok"
    seed_plan.save()
    html = client.get("/bs/plani/2025/").content.decode()
    assertInHTML('<div lang="sq">Konsultimet Publike 2024</div>', html)
    assertInHTML('<ul class="mb-0"><li>Građani općine Istok</li></ul>', html)
    with translation.override("bs"):
        notice = gettext("This text is not yet available in Bosnian; it is shown in Albanian.")
    assert notice in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sq", "sr-latn", "bs", "tr", "en"])
def test_the_plan_page_renders_in_every_language(client, seed_plan, language):
    response = client.get(f"/{language}/plani/2025/")
    assert response.status_code == 200
    assert elements(response, "html", lang=language)


@pytest.mark.django_db
def test_a_draft_plan_is_not_found(client, municipality):
    PlanFactory(municipality=municipality, year=2026, status=ConsultationPlan.Status.DRAFT)
    assert client.get("/sq/plani/2026/").status_code == 404


@pytest.mark.django_db
def test_a_year_without_plan_is_not_found(client, seed_plan):
    assert client.get("/sq/plani/2019/").status_code == 404


@pytest.mark.django_db
def test_the_plan_index_lists_published_years_only(client, municipality):
    PlanFactory(municipality=municipality, year=2024)
    PlanFactory(municipality=municipality, year=2025)
    PlanFactory(municipality=municipality, year=2026, status=ConsultationPlan.Status.DRAFT)
    html = client.get("/en/plani/").content.decode()
    assertInHTML('<a href="/en/plani/2025/">Plan 2025</a>', html)
    assertInHTML('<a href="/en/plani/2024/">Plan 2024</a>', html)
    assert "/en/plani/2026/" not in html
    assert html.index("/en/plani/2025/") < html.index("/en/plani/2024/")


@pytest.mark.django_db
def test_a_year_with_many_consultations_shows_the_first_ones_and_links_the_filtered_list(
    client, municipality, django_assert_max_num_queries
):
    from consultations.views import PLAN_PAGE_HEARINGS

    plan = PlanFactory(municipality=municipality, year=2025)
    place = PlaceFactory(municipality=municipality)
    HearingFactory.create_batch(PLAN_PAGE_HEARINGS + 3, plan=plan, place=place)
    with django_assert_max_num_queries(12):
        response = client.get("/en/plani/2025/")
    assert len(response.context["hearings"]) == PLAN_PAGE_HEARINGS
    body = response.content.decode()
    assert f"The first {PLAN_PAGE_HEARINGS} of {PLAN_PAGE_HEARINGS + 3} consultations are shown above." in body
    assert 'href="/en/konsultimet/?year=2025"' in body
