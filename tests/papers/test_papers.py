"""The printed papers: what their text says (pypdf), the QR code (zxing-cpp), and who may print them."""

import datetime
import io
import re

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from consultations.models import Hearing
from papers.documents import MAX_PAGES, ROWS_PER_PAGE
from tests.factories import CitizenRequestFactory, HearingFactory, PlaceFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("sq", "sr-latn", "sr", "bs", "tr", "en")
SERBIAN_TITLE = "Javna rasprava o budžetu za 2026."


def _title(language: str) -> str:
    """The title as the paper shows it: in Serbian where it is written, else the Albanian one."""
    if language == "sr":
        return "Јавна расправа о буџету за 2026."
    return SERBIAN_TITLE if language == "sr-latn" else "Dëgjim për buxhetin 2026"


def _url(name: str, hearing: Hearing, language: str = "sq") -> str:
    with translation.override(language):
        return reverse(f"papers:{name}", args=[hearing.pk])


def _reader(response) -> PdfReader:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _text(response) -> str:
    # Whitespace folded: a line break in the PDF is a layout choice, not a change of text.
    return " ".join(" ".join(page.extract_text() for page in _reader(response).pages).split())


@pytest.fixture
def meeting(plan) -> Hearing:
    place = PlaceFactory(municipality=plan.municipality, name="Salla e Kuvendit", address="Rruga Mbretëresha Teutë 1")
    starts = timezone.make_aware(datetime.datetime(2025, 9, 17, 17, 30))
    return HearingFactory(
        plan=plan,
        title="Dëgjim për buxhetin 2026",
        title_sr_latn=SERBIAN_TITLE,
        place=place,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notice_holds_date_place_and_title_in_each_language(client, meeting, language):
    text = _text(client.get(_url("notice", meeting, language)))
    assert _title(language) in text
    assert "17.09.2025, 17:30" in text
    assert "Salla e Kuvendit, Rruga Mbretëresha Teutë 1" in text
    assert "Komuna e Testit" in text


def test_the_notice_speaks_the_language_of_the_address(client, meeting):
    assert "Njoftim publik" in _text(client.get(_url("notice", meeting, "sq")))
    assert "Public notice" in _text(client.get(_url("notice", meeting, "en")))


def test_the_notice_qr_code_opens_the_consultations_page(client, meeting, settings):
    settings.SITE_URL = "https://konsultimet.example.org"
    reader = _reader(client.get(_url("notice", meeting, "sr-latn")))
    (image,) = reader.pages[0].images
    decoded = [result.text for result in zxingcpp.read_barcodes(image.image)]
    with translation.override("sr-latn"):
        assert decoded == ["https://konsultimet.example.org" + meeting.get_absolute_url()]


def test_a_cancelled_consultation_notice_says_it_is_cancelled(client, meeting):
    Hearing.objects.filter(pk=meeting.pk).update(status=Hearing.Status.CANCELLED, women=None, men=None)
    text = _text(client.get(_url("notice", meeting, "en")))
    assert "CANCELLED" in text
    assert "How to take part" not in text


def test_a_written_consultation_notice_says_until_when_to_comment(client, plan):
    starts = timezone.make_aware(datetime.datetime(2025, 5, 1, 8))
    written = HearingFactory(
        plan=plan, method=Hearing.Method.WRITTEN, starts_at=starts, ends_at=starts + datetime.timedelta(days=20)
    )
    assert "until 21.05.2025, 08:00" in _text(client.get(_url("notice", written, "en")))


def test_an_unpublished_consultations_papers_are_for_staff_only(client, meeting, data_entry):
    Hearing.objects.filter(pk=meeting.pk).update(is_published=False)
    assert client.get(_url("notice", meeting)).status_code == 404
    client.force_login(data_entry)
    assert "Dëgjim për buxhetin 2026" in _text(client.get(_url("notice", meeting)))


@pytest.mark.parametrize("name", ["attendance-sheet", "minutes"])
def test_staff_papers_send_visitors_to_the_login_and_refuse_staff_without_permission(
    client, meeting, plain_staff, name
):
    response = client.get(_url(name, meeting))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    client.force_login(plain_staff)
    assert client.get(_url(name, meeting)).status_code == 403


def test_the_staff_addresses_are_the_issues(meeting):
    assert _url("attendance-sheet", meeting) == f"/sq/stafi/konsultimet/{meeting.pk}/lista-e-pjesemarresve.pdf"
    assert _url("minutes", meeting) == f"/sq/stafi/konsultimet/{meeting.pk}/procesverbali.pdf"
    assert _url("notice", meeting) == f"/sq/konsultimet/{meeting.pk}/njoftimi.pdf"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_attendance_sheet_has_numbered_rows_and_the_counts_box(client, meeting, data_entry, language):
    client.force_login(data_entry)
    text = _text(client.get(_url("attendance-sheet", meeting, language)))
    assert _title(language) in text
    assert "17.09.2025, 17:30" in text
    assert "Salla e Kuvendit" in text
    assert f" {ROWS_PER_PAGE} " in text


def test_the_attendance_sheet_prints_as_many_pages_as_asked(client, meeting, data_entry):
    client.force_login(data_entry)
    url = _url("attendance-sheet", meeting, "en")
    assert len(_reader(client.get(url)).pages) == 1
    three = _reader(client.get(url + "?faqe=3"))
    assert len(three.pages) == 3
    assert "Women: ________" in three.pages[-1].extract_text()
    assert "Women: ________" not in three.pages[0].extract_text()
    assert str(3 * ROWS_PER_PAGE) in three.pages[-1].extract_text()


@pytest.mark.parametrize("pages", ["0", "-1", "abc", "99999999999999"])
def test_a_bad_page_count_prints_one_page(client, meeting, data_entry, pages):
    client.force_login(data_entry)
    assert len(_reader(client.get(_url("attendance-sheet", meeting, "en") + f"?faqe={pages}")).pages) == 1


def test_the_page_count_is_capped(client, meeting, data_entry):
    client.force_login(data_entry)
    reader = _reader(client.get(_url("attendance-sheet", meeting, "en") + "?faqe=500"))
    assert len(reader.pages) == MAX_PAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_minutes_template_holds_the_facts_attendance_and_requests(client, meeting, data_entry, language):
    CitizenRequestFactory(hearing=meeting, topic="Ndriçimi publik", text="Kërkojmë ndriçim.")
    client.force_login(data_entry)
    text = _text(client.get(_url("minutes", meeting, language)))
    assert _title(language) in text
    assert "17.09.2025, 17:30" in text
    assert "Salla e Kuvendit" in text
    assert "Ndriçimi publik" in text
    assert ": 7" in text  # 3 women + 4 men recorded


def test_the_admins_hearing_page_links_to_the_papers(client, meeting, data_entry):
    client.force_login(data_entry)
    with translation.override("en"):
        html = client.get(reverse("admin:consultations_hearing_change", args=[meeting.pk])).content.decode()
    for name in ("notice", "attendance-sheet", "minutes"):
        assert f'href="{_url(name, meeting, "en")}"' in html


def test_another_municipalitys_notice_is_not_public_here(client, plan, settings):
    from tests.factories import MunicipalityFactory, PlanFactory

    settings.MUNICIPALITY_SLUG = plan.municipality.slug  # two municipalities: this portal serves the first
    other_plan = PlanFactory(municipality=MunicipalityFactory(slug="tjeter", name="Tjetër"), year=2025)
    other = HearingFactory(plan=other_plan)
    assert client.get(_url("notice", other)).status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notice_points_below_at_the_address_it_prints_under_the_code(client, meeting, language):
    text = _text(client.get(_url("notice", meeting, language)))
    expected = {
        "sq": "Skanoni kodin më poshtë",
        "sr-latn": "Skenirajte kod ispod",
        "sr": "Скенирајте код испод",
        "bs": "Skenirajte kod ispod",
        "tr": "aşağıdaki kodu tarayın",
        "en": "Scan the code below, or open the address printed under it",
    }
    assert expected[language] in text
    assert "address above" not in text


def test_the_printed_address_breaks_only_after_a_slash_so_a_copied_address_works(client, meeting, settings):
    # Addresses of several lengths, so that the line ends inside the hyphenated slug for some of them.
    for extra in range(0, 24, 3):
        settings.SITE_URL = f"https://konsultimet-publike.{'k' * extra}komuna-e-istogut.example.org"
        reader = _reader(client.get(_url("notice", meeting, "en")))
        text = " ".join(page.extract_text() for page in reader.pages)
        with translation.override("en"):
            address = settings.SITE_URL + meeting.get_absolute_url()

        assert address in re.sub(r"/\s+", "/", text), extra


def test_the_papers_name_the_municipality_as_their_author(client, meeting, data_entry):
    client.force_login(data_entry)
    for name in ("notice", "attendance-sheet", "minutes"):
        assert _reader(client.get(_url(name, meeting, "en"))).metadata.author == meeting.plan.municipality.name
