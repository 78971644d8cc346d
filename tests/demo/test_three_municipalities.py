"""The demo of several municipalities: Istog as its report says, Mamusha and Gračanica invented and marked so."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from pypdf import PdfReader

from consultations.models import ConsultationPlan, Hearing
from demo import illustrative
from municipalities.models import Municipality
from municipalities.scoping import scope
from outcomes.models import ConsultationReport
from papers.documents import notice_pdf
from register.models import CitizenRequest
from reports.models import PublishedReport

BANNER = {
    "sq": "Të dhëna ilustruese.",
    "tr": "Temsilî veriler.",
    "sr-latn": "Ilustrativni podaci.",
}


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def hosts(settings):
    """Requests reach each municipality at <slug>.localhost, as on a developer's machine after `make run`."""
    settings.SITE_URL = "http://localhost:8000"
    settings.ALLOWED_HOSTS = [".localhost", "localhost"]


@pytest.mark.django_db
def test_load_demo_loads_istog_with_its_report_figures_and_two_illustrative_municipalities():
    out = io.StringIO()
    with translation.override("en"):
        call_command("load_demo", "--if-empty", stdout=out)
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    assert set(municipalities) == {"istog", "mamusha", "gracanica"}
    assert [m.slug for m in municipalities.values() if m.illustrative] == ["mamusha", "gracanica"]
    with scope(municipalities["istog"]):
        held = Hearing.objects.held().in_year(2025)
        assert held.count() == 15
        assert held.attendance_totals() == {"women": 57, "men": 210, "total": 267}
    output = out.getvalue()
    assert "Plan 2025: 15 consultations held, 57 women, 210 men, 267 in total; 4 citizen requests." in output
    assert output.count("Annual report") == 3
    # Each municipality published its last year's report; the invented ones say so on the first page.
    mamusha = municipalities["mamusha"]
    with scope(mamusha):
        report = PublishedReport.objects.get(year=timezone.localdate().year - 1)
        assert _pdf_text(report.file_for("tr").read_verified()).count("Temsilî veriler.") == 1
        consultation_report = ConsultationReport.objects.get()
        assert "Temsilî veriler." in _pdf_text(consultation_report.file_for("tr").read_verified())
    with scope(municipalities["istog"]):
        report = PublishedReport.objects.get(year=2025)
        assert "Të dhëna ilustruese." not in _pdf_text(report.file_for("sq").read_verified())
    # Once loaded, --if-empty leaves everything as it is.
    out = io.StringIO()
    with translation.override("en"):
        call_command("load_demo", "--if-empty", stdout=out)
    assert out.getvalue() == "A municipality exists already: demo data not loaded.\n"


@pytest.mark.django_db
@pytest.mark.parametrize("slug", illustrative.SLUGS)
def test_an_illustrative_municipality_has_last_and_this_years_plans_with_valid_rows(slug):
    loaded = illustrative.load(slug)
    year = timezone.localdate().year
    with scope(loaded.municipality):
        # Near the end of December an upcoming hearing goes into next year's plan.
        assert (
            {year - 1, year}
            <= set(ConsultationPlan.objects.values_list("year", flat=True))
            <= {year - 1, year, year + 1}
        )
        assert 8 <= Hearing.objects.count() <= 12
        assert loaded.held_last_year == Hearing.objects.held().in_year(year - 1).count() >= 6
        assert loaded.attendance_last_year["total"] > 0
        assert Hearing.objects.published().open_for_comments().get().plan.year == year
        assert Hearing.objects.published().upcoming().exists()
        for hearing in Hearing.objects.all():
            hearing.full_clean()
            assert hearing.missing_translations() == {}
        for plan in ConsultationPlan.objects.all():
            plan.full_clean()
        for request in CitizenRequest.objects.all():
            request.full_clean()
        assert CitizenRequest.objects.all().answer_breakdown()["spot"] == 1
        assert CitizenRequest.objects.all().unanswered().count() == 1
    loaded.municipality.full_clean()


@pytest.mark.django_db
def test_loading_an_illustrative_municipality_twice_changes_no_row():
    illustrative.load("mamusha")
    counts = (Hearing.objects.count(), CitizenRequest.objects.count(), ConsultationPlan.objects.count())
    illustrative.load("mamusha")
    assert (Hearing.objects.count(), CitizenRequest.objects.count(), ConsultationPlan.objects.count()) == counts


@pytest.mark.django_db
def test_mamusha_speaks_turkish_first_and_gracanica_serbian(settings):
    mamusha = illustrative.load("mamusha").municipality
    assert (mamusha.default_language, mamusha.official_languages) == ("tr", ["tr", "sq", "sr-latn"])
    assert mamusha.name_tr == "Mamuşa Belediyesi"
    gracanica = illustrative.load("gracanica").municipality
    expected = "sr" if "sr" in dict(settings.LANGUAGES) else "sr-latn"
    assert gracanica.default_language == gracanica.languages[0] == expected
    assert gracanica.name_sr_latn == "Opština Gračanica"


def test_gracanica_takes_serbian_in_cyrillic_once_the_installation_offers_it(settings):
    settings.LANGUAGES = [("sq", "Albanian"), ("sr-latn", "Serbian (Latin)")]
    assert illustrative.first_offered(["sr", "sr-latn"]) == "sr-latn"
    settings.LANGUAGES = [*settings.LANGUAGES, ("sr", "Serbian (Cyrillic)")]
    assert illustrative.first_offered(["sr", "sr-latn"]) == "sr"


@pytest.mark.django_db
@pytest.mark.parametrize("slug, language", [("mamusha", "tr"), ("mamusha", "sq"), ("gracanica", "sr-latn")])
def test_every_public_page_of_an_illustrative_municipality_says_its_data_is_invented(hosts, slug, language):
    illustrative.load(slug)
    client = Client(HTTP_HOST=f"{slug}.localhost:8000")
    hearing = Hearing.objects.filter(plan__municipality__slug=slug).held().first()
    with translation.override(language):
        paths = (f"/{language}/", hearing.get_absolute_url(), hearing.plan.get_absolute_url())
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200
        assert BANNER[language] in page.content.decode()


@pytest.mark.django_db
def test_istogs_pages_carry_no_illustrative_banner(hosts):
    from demo import istog_2025

    istog_2025.load()
    illustrative.load("mamusha")
    page = Client(HTTP_HOST="istog.localhost:8000").get("/sq/").content.decode()
    assert "Komuna e Istogut" in page
    assert BANNER["sq"] not in page


@pytest.mark.django_db
def test_each_municipalitys_list_shows_only_its_own_hearings(hosts):
    from demo import istog_2025

    istog_2025.load()
    for slug in illustrative.SLUGS:
        illustrative.load(slug)
    titles = {
        "istog": "Dëgjim publik për Planin Zhvillimor Komunal",
        "mamusha": "Takim me fermerët për ujitjen e tokave bujqësore",
        "gracanica": "Takim me qytetarët për furnizimin me ujë në Llapllasellë",
    }
    year = 2025
    for slug, own in titles.items():
        page = Client(HTTP_HOST=f"{slug}.localhost:8000").get(f"/sq/konsultimet/?year={year}")
        assert page.status_code == 200
        content = page.content.decode()
        assert own in content, slug
        assert not [title for other, title in titles.items() if other != slug and title in content], slug


@pytest.mark.django_db
def test_a_printed_notice_of_an_illustrative_municipality_says_so():
    loaded = illustrative.load("mamusha")
    with scope(loaded.municipality), translation.override("tr"):
        hearing = Hearing.objects.published().upcoming().first()
        text = _pdf_text(notice_pdf(hearing))
    assert "Temsilî veriler." in text
    assert "Mamuşa Belediyesi" in text.replace("\n", " ")
