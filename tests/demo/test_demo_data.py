"""The Istog demo data: the 2025 plan as the municipality wrote it, and the report's totals."""

import copy
import dataclasses
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from pypdf import PdfReader

from consultations.models import (
    ConsultationPlan,
    Directorate,
    Hearing,
    Place,
)
from demo import istog_2025 as demo
from municipalities.models import Municipality
from outcomes.models import ConsultationReport
from register.models import CitizenRequest
from reports.models import PublishedReport
from tests.factories import HearingFactory

MODELS = (Municipality, Directorate, Place, ConsultationPlan, Hearing, CitizenRequest)


def _load(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("load_istog_2025", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _loaded_without_publishing(request, settings):
    """The demo's data without its published reports, unless the test asks for `publishing`.

    Publishing renders the reports' PDFs in each language Istog offers, seconds a load; these tests read the rows.
    The demo's reports are published by the tests that ask for it here, tests/demo/test_three_municipalities.py
    and the browser suite.
    """
    if "publishing" not in request.fixturenames:
        settings.SITE_URL_CONFIGURED = False


@pytest.fixture
def publishing():
    """The demo publishes its reports, as `make run` does (SITE_URL is set in tests/testenv.py)."""


def _row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_the_municipality_is_istog_in_four_languages():
    _load()
    istog = Municipality.objects.get()
    assert (istog.slug, istog.website, istog.consultations_url) == (
        "istog",
        "https://istog.rks-gov.net/",
        "https://istog.rks-gov.net/konsultimet-publike/",
    )
    assert (istog.name_sq, istog.name_sr_latn, istog.name_bs, istog.name_en) == (
        "Komuna e Istogut",
        "Opština Istok",
        "Općina Istok",
        "Municipality of Istog",
    )


@pytest.mark.django_db
def test_the_2025_plan_is_the_seed_word_for_word():
    _load()
    plan = ConsultationPlan.objects.get(year=2025)
    assert plan.participants_sq == "Qytetarët e komunës së Istogut,\nOJQ-të,\nGupet e Interesit,\nEtj."
    assert plan.budget is None
    assert plan.purpose_sq == "Konsultimet Publike 2024"
    assert plan.process_holders_sq == "anëtar të grupeve punuese"
    assert plan.objectives_sq == "Gjithpërfshirja e qytetarëve në dëgjime publike, dhe transparencë për të gjithë"
    assert plan.others_involved_sq == "Kryetari i Komunës\nDrejtorët e Drejtorive"
    assert plan.key_issues_sq == "Pjesëmarrja e të gjithë qytetarëve pa dallim"
    assert plan.internal_actors_sq == "Drejtoria për Buxhet dhe Financa\nKomuna e Istogut"
    assert plan.external_actors_sq == "Qytetarët\nOJQ-të\nGrupet e Interesit"
    assert plan.communication_media_sq == "Mediet Lokale dhe qendrore\nQytetarët dhe OJQ-të"
    assert plan.information_material_sq == ""
    assert plan.inclusion_strategies_sq == ""
    assert plan.expected_results_sq == "Arritjet dhe përcaktimi i qytetarëve në konsultime."
    assert plan.information_expected_sq == "Rekomandime për cdo konsultim publik"
    assert plan.evaluation_areas_sq == ""
    assert (plan.reporting_verbal, plan.reporting_written, plan.methods_verbal, plan.methods_written) == (
        True,
        True,
        True,
        True,
    )
    assert (plan.start_date, plan.end_date) == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert plan.responsible_officer_name == "Ardon Arifaj"
    assert plan.status == ConsultationPlan.Status.PUBLISHED
    assert plan.published_at is not None


@pytest.mark.django_db
def test_the_2025_plan_reads_as_lists_in_each_language():
    _load()
    plan = ConsultationPlan.objects.get(year=2025)
    expected = {
        "sq": ["Drejtoria për Buxhet dhe Financa", "Komuna e Istogut"],
        "sr-latn": ["Direkcija za budžet i finansije", "Opština Istok"],
        "bs": ["Direkcija za budžet i finansije", "Općina Istok"],
        "en": ["Directorate for Budget and Finance", "Municipality of Istog"],
    }
    for language, items in expected.items():
        with translation.override(language):
            assert plan.items("internal_actors") == items


@pytest.mark.django_db
def test_the_2025_report_has_fifteen_held_hearings_with_its_totals():
    _load()
    held = Hearing.objects.held().in_year(2025)
    assert held.count() == 15
    assert Hearing.objects.in_year(2025).count() == 15
    assert held.attendance_totals() == {"women": 57, "men": 210, "total": 267}
    assert held.published().count() == 15


@pytest.mark.django_db
def test_every_2025_hearing_was_announced_on_the_website_facebook_and_local_media():
    _load()
    for hearing in Hearing.objects.in_year(2025).prefetch_related("announced_via"):
        assert sorted(channel.code for channel in hearing.announced_via.all()) == ["facebook", "local-media", "website"]


@pytest.mark.django_db
def test_every_2025_hearing_passes_the_models_validation_and_has_its_required_texts():
    _load()
    for hearing in Hearing.objects.in_year(2025):
        hearing.full_clean()
        assert hearing.missing_translations() == {}
        assert hearing.title_sq and hearing.title_sr_latn and hearing.title_en
    for request in CitizenRequest.objects.all():
        request.full_clean()
    for plan in ConsultationPlan.objects.all():
        plan.full_clean()


@pytest.mark.django_db
def test_the_2025_hearings_are_in_local_communities_and_the_assembly_hall():
    _load()
    kinds = set(Hearing.objects.in_year(2025).values_list("place__kind", flat=True))
    assert kinds == {Place.Kind.LOCAL_COMMUNITY, Place.Kind.ASSEMBLY_HALL}
    assert Place.objects.get(name_sq="Salla e Kuvendit Komunal").kind == Place.Kind.ASSEMBLY_HALL


@pytest.mark.django_db
def test_requests_were_answered_on_the_spot_by_email_and_by_post_and_one_is_open():
    _load()
    requests = CitizenRequest.objects.filter(hearing__plan__year=2025)
    assert requests.answer_breakdown() == {"spot": 1, "email": 1, "post": 1, "online": 0}
    assert requests.unanswered().count() == 1
    assert requests.get(answered_via=CitizenRequest.AnswerChannel.EMAIL).citizen_email == "qytetari@example.org"


@pytest.mark.django_db
def test_loading_twice_changes_no_row_and_no_figure(publishing):
    _load()
    counts = _row_counts()
    totals = Hearing.objects.held().in_year(2025).attendance_totals()
    _load()
    assert _row_counts() == counts
    assert Hearing.objects.held().in_year(2025).attendance_totals() == totals == {"women": 57, "men": 210, "total": 267}


@pytest.mark.django_db
def test_one_written_consultation_is_open_for_comments_now():
    _load()
    open_now = Hearing.objects.published().open_for_comments()
    assert open_now.count() == 1
    consultation = open_now.get()
    assert consultation.method == Hearing.Method.WRITTEN
    assert consultation.plan.year == timezone.localdate().year
    assert consultation.is_open_for_comments() is True


@pytest.mark.django_db
def test_the_open_written_consultation_publishes_the_draft_it_invites_comments_on():
    _load()
    _load()  # a second load keeps the one draft
    consultation = Hearing.objects.published().open_for_comments().get()
    document = consultation.documents.get()
    assert document.extension == "pdf"
    assert document.title_sq.startswith("Projektrregullorja për mbështetjen financiare të OJQ-ve")
    assert document.title_en.startswith("Draft regulation on financial support for NGOs")
    with document.file.open("rb") as pdf:
        data = pdf.read()
    assert document.size == len(data)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Neni 1" in text and "Komuna e Istogut" in text
    assert "Dokument demonstrues" in text and "Demonstration document" in text


@pytest.mark.django_db
def test_the_current_year_has_upcoming_published_hearings():
    _load()
    upcoming = Hearing.objects.published().upcoming().exclude(method=Hearing.Method.WRITTEN)
    assert upcoming.count() >= 1
    assert all(hearing.starts_at > timezone.now() for hearing in upcoming)
    # In the last days of December, hearings ahead belong to next year's plan.
    year = timezone.localdate().year
    assert all(hearing.plan.year in (year, year + 1) for hearing in upcoming)


@pytest.mark.django_db
@pytest.mark.parametrize("today", [datetime.date(2027, 1, 2), datetime.date(2027, 12, 30), datetime.date(2027, 6, 15)])
def test_the_current_years_dates_stay_inside_their_plans(today):
    demo.load(today=today)
    demo_hearings = Hearing.objects.filter(plan__year__gte=today.year)
    assert demo_hearings.count() == 3
    for hearing in demo_hearings:
        hearing.full_clean()
    assert Hearing.objects.held().in_year(2025).attendance_totals() == {"women": 57, "men": 210, "total": 267}


@pytest.mark.django_db
def test_at_the_end_of_december_the_hearings_ahead_go_into_next_years_plan():
    summary = demo.load(today=datetime.date(2027, 12, 30))
    upcoming = Hearing.objects.exclude(method=Hearing.Method.WRITTEN).filter(plan__year__gte=2027)
    assert sorted(hearing.starts_at.date() for hearing in upcoming) == [
        datetime.date(2028, 1, 11),
        datetime.date(2028, 1, 25),
    ]
    assert set(upcoming.values_list("plan__year", flat=True)) == {2028}
    written = Hearing.objects.get(method=Hearing.Method.WRITTEN, plan__year=2027)
    assert written.ends_at.date() == datetime.date(2027, 12, 31)
    assert summary.current_year == 2027


@pytest.mark.django_db
def test_in_2025_the_loader_adds_no_other_plan():
    demo.load(today=datetime.date(2025, 11, 3))
    assert list(ConsultationPlan.objects.values_list("year", flat=True)) == [2025]
    assert Hearing.objects.in_year(2025).count() == 15


@pytest.mark.django_db
def test_a_sixteenth_held_hearing_adds_to_the_2025_figures():
    _load()
    plan = ConsultationPlan.objects.get(year=2025)
    HearingFactory(plan=plan, place=Place.objects.get(name_sq="Vrellë"), women=3, men=4)
    held = Hearing.objects.held().in_year(2025)
    assert held.count() == 16
    assert held.attendance_totals() == {"women": 60, "men": 214, "total": 274}


@pytest.mark.django_db
def test_if_empty_does_nothing_on_a_loaded_database():
    _load()
    plan = ConsultationPlan.objects.get(year=2025)
    ConsultationPlan.objects.filter(pk=plan.pk).update(responsible_officer_name="Changed by staff")
    counts = _row_counts()
    output = _load("--if-empty")
    assert output == "A municipality exists already: demo data not loaded.\n"
    assert _row_counts() == counts
    plan.refresh_from_db()
    assert plan.responsible_officer_name == "Changed by staff"


@pytest.mark.django_db
def test_if_empty_loads_an_empty_database():
    _load("--if-empty")
    assert Municipality.objects.get().slug == "istog"


@pytest.mark.django_db
def test_the_command_prints_what_it_loaded(publishing):
    output = _load()
    assert "Plan 2025: 15 consultations held, 57 women, 210 men, 267 in total; 4 citizen requests." in output
    assert f"Plan {timezone.localdate().year}: 3 upcoming consultations, 1 open for comments now." in output


def test_the_illustrative_split_adds_up_to_the_reports_totals():
    assert len(demo.HEARINGS_2025) == 15
    assert sum(hearing.women for hearing in demo.HEARINGS_2025) == 57
    assert sum(hearing.men for hearing in demo.HEARINGS_2025) == 210


@pytest.mark.django_db
def test_a_split_that_no_longer_adds_up_to_the_report_is_refused(monkeypatch):
    first, *rest = demo.HEARINGS_2025
    monkeypatch.setattr(demo, "HEARINGS_2025", (dataclasses.replace(first, women=first.women + 1), *rest))
    with pytest.raises(ValueError, match="58 women, 210 men, 268 in total"):
        demo.load()
    assert Municipality.objects.count() == 0


@pytest.mark.django_db
def test_a_text_missing_a_language_fails_and_loads_nothing(monkeypatch):
    data = copy.deepcopy(demo.DATA)
    del data["places"]["hall"]["name"]["bs"]
    monkeypatch.setattr(demo, "DATA", data)
    with pytest.raises(ValueError, match="name needs exactly the languages"):
        demo.load()
    assert _row_counts() == dict.fromkeys(_row_counts(), 0)


def test_the_data_file_is_valid_json_with_every_translated_text_in_four_languages():
    def translated(node):
        if isinstance(node, dict):
            if set(node) & set(demo.LANGS):
                yield node
            else:
                for value in node.values():
                    yield from translated(value)
        elif isinstance(node, list):
            for value in node:
                yield from translated(value)

    data = json.loads(demo.DATA_FILE.read_text(encoding="utf-8"))
    texts = list(translated(data))
    assert len(texts) > 50
    assert all(set(text) == set(demo.LANGS) for text in texts)


@pytest.mark.django_db
def test_without_a_public_address_the_demo_loads_but_publishes_nothing_and_says_why(settings):
    settings.SITE_URL_CONFIGURED = False

    output = _load()

    assert "set SITE_URL" in output
    assert Hearing.objects.exists()
    assert not PublishedReport.objects.exists()
    assert not ConsultationReport.objects.exists()
