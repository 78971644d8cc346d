"""A public consultation's page: its facts, its visibility, its address and its languages."""

import datetime

import icalendar
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from consultations.models import ConsultationPlan, Hearing
from register.models import CitizenRequest
from tests.factories import CitizenRequestFactory, DirectorateFactory, HearingFactory, PlanFactory, channel

LANGUAGES = ["sq", "sr-latn", "bs", "en"]


def url_in(hearing: Hearing, language: str) -> str:
    with translation.override(language):
        return hearing.get_absolute_url()


def in_albanian(text: str, language: str) -> str:
    """A short text shown in Albanian: marked lang="sq" and followed by the notice in the page's language."""
    with translation.override(language):
        notice = pgettext("text shown in another language", "in Albanian")
    return f'<span lang="sq">{text}</span> <span class="fallback-notice">({notice})</span>'


@pytest.fixture
def detailed(plan):
    """A held hearing with every fact filled in."""
    hearing = HearingFactory(
        plan=plan,
        title="Dëgjimi për buxhetin 2026",
        title_bs="Javna rasprava o budžetu 2026",
        topic="Buxheti komunal 2026",
        summary="U diskutua projektbuxheti.",
        directorate=DirectorateFactory(municipality=plan.municipality, name="Drejtoria për Buxhet dhe Financa"),
        women=57,
        men=210,
        announced_via=[channel("website"), channel("facebook")],
        announced_on=datetime.date(2025, 3, 1),
    )
    return hearing


@pytest.mark.django_db
def test_the_page_shows_the_hearing_facts(client, detailed):
    response = client.get(url_in(detailed, "en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 lang="sq">Dëgjimi për buxhetin 2026</h1>' in html
    assert (
        '<time datetime="2025-03-10T10:00:00+01:00">10 March 2025, 10:00</time>'
        '–<time datetime="2025-03-10T12:00:00+01:00">12:00</time>'
    ) in html
    assert f"<dd>{in_albanian(detailed.place.name_sq, 'en')}</dd>" in html
    assert "<dd>Public hearing with citizens</dd>" in html
    assert f"<dd>{in_albanian('Drejtoria për Buxhet dhe Financa', 'en')}</dd>" in html
    assert "Buxheti komunal 2026" in html
    assert '<span class="hearing-status hearing-status-held">Held</span>' in html
    assert "<td>57</td><td>210</td><td>267</td>" in html
    assert "<p>U diskutua projektbuxheti.</p>" in html
    assert f'<a href="/konsultimet/{detailed.pk}.ics?lang=en">Add to calendar</a>' in html
    for name in detailed.announced_via.values_list("name_en", flat=True):
        assert f"<li>{name}</li>" in html


@pytest.mark.django_db
def test_the_times_are_shown_in_local_time(client, plan):
    # 09:00 UTC on a summer day is 11:00 in Istog (CEST).
    starts_at = datetime.datetime(2025, 7, 1, 9, 0, tzinfo=datetime.UTC)
    hearing = HearingFactory(plan=plan, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1))
    html = client.get(url_in(hearing, "sq")).content.decode()
    assert '<time datetime="2025-07-01T11:00:00+02:00">1 korrik 2025, 11:00</time>' in html


@pytest.mark.django_db
def test_attendance_is_not_shown_before_the_hearing_is_held(client, municipality):
    plan = PlanFactory(municipality=municipality, year=timezone.localdate().year)
    upcoming = HearingFactory(plan=plan, upcoming=True)
    html = client.get(url_in(upcoming, "en")).content.decode()
    assert "Number of participants by gender" not in html
    assert '<span class="hearing-status hearing-status-planned">Upcoming</span>' in html


@pytest.mark.django_db
def test_an_unpublished_hearing_is_not_found(client, plan):
    hearing = HearingFactory(plan=plan, is_published=False)
    assert client.get(url_in(hearing, "sq")).status_code == 404
    assert client.get(f"/sq/konsultimet/{hearing.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_hearing_in_an_unpublished_plan_is_not_found(client, municipality):
    draft = PlanFactory(municipality=municipality, status=ConsultationPlan.Status.DRAFT)
    hearing = HearingFactory(plan=draft)
    assert client.get(url_in(hearing, "sq")).status_code == 404


@pytest.mark.django_db
def test_a_wrong_slug_redirects_permanently_to_the_right_address(client, hearing):
    response = client.get(f"/sq/konsultimet/{hearing.pk}/nje-titull-i-vjeter/")
    assert response.status_code == 301
    assert response["Location"] == f"/sq/konsultimet/{hearing.pk}/{hearing.slug}/"


@pytest.mark.django_db
def test_the_address_without_slug_shows_the_page(client, hearing):
    response = client.get(f"/sq/konsultimet/{hearing.pk}/")
    assert response.status_code == 200
    assert f'<link rel="canonical" href="/sq/konsultimet/{hearing.pk}/{hearing.slug}/">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_renders_in_every_language_with_its_lang(client, hearing, language):
    response = client.get(url_in(hearing, language))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switcher_links_to_the_same_page(client, hearing, language):
    html = client.get(url_in(hearing, language)).content.decode()
    for other in LANGUAGES:
        if other != language:
            assert f'<a href="/{other}/konsultimet/{hearing.pk}/{hearing.slug}/" hreflang="{other}"' in html


@pytest.mark.django_db
def test_a_missing_bosnian_title_is_shown_in_albanian_with_a_notice(client, plan):
    hearing = HearingFactory(plan=plan, title="Dëgjimi për rrugët", title_bs="")
    html = client.get(url_in(hearing, "bs")).content.decode()
    assert '<h1 lang="sq">Dëgjimi për rrugët</h1>' in html
    with translation.override("bs"):
        notice = gettext("This text is not yet available in Bosnian; it is shown in Albanian.")
    assert f'<p class="fallback-notice small">{notice}</p>' in html


@pytest.mark.django_db
def test_no_notice_in_albanian_nor_where_the_translation_exists(client, plan):
    hearing = HearingFactory(plan=plan, title="Dëgjimi për rrugët", title_bs="Rasprava o putevima", topic_bs="Putevi")
    hearing.place.name_bs = "Mjesna zajednica"
    hearing.place.save()
    plan.municipality.name_bs = "Općina Test"
    plan.municipality.save()
    albanian = client.get(url_in(hearing, "sq")).content.decode()
    assert "<h1>Dëgjimi për rrugët</h1>" in albanian
    assert "fallback-notice" not in albanian
    bosnian = client.get(url_in(hearing, "bs")).content.decode()
    assert "<h1>Rasprava o putevima</h1>" in bosnian
    assert "fallback-notice" not in bosnian


@pytest.mark.django_db
def test_a_missing_english_topic_gets_the_english_notice(client, hearing):
    html = client.get(url_in(hearing, "en")).content.decode()
    assert '<span lang="sq">Buxheti komunal</span>' in html
    assert "This text is not yet available in English; it is shown in Albanian." in html


@pytest.mark.django_db
def test_published_requests_are_shown_without_name_or_email(client, hearing):
    CitizenRequestFactory(
        hearing=hearing,
        topic="Ndriçimi publik",
        text="Kërkojmë ndriçim në rrugën kryesore.",
        citizen_name="Arta Krasniqi",
        citizen_email="arta@example.org",
        status=CitizenRequest.Status.ACCEPTED,
        answered_via=CitizenRequest.AnswerChannel.ON_THE_SPOT,
        answered_on=datetime.date(2025, 3, 10),
        answer="Ndriçimi do të vendoset në prill.",
        is_public=True,
    )
    CitizenRequestFactory(hearing=hearing, text="Një kërkesë e pa publikuar.", is_public=False)
    html = client.get(url_in(hearing, "en")).content.decode()
    assert "Ndriçimi publik" in html
    assert "Kërkojmë ndriçim në rrugën kryesore." in html
    assert "<dd>Accepted</dd>" in html
    assert '<dd>On the spot, <time datetime="2025-03-10">10 March 2025</time></dd>' in html
    assert "Ndriçimi do të vendoset në prill." in html
    assert "Arta Krasniqi" not in html
    assert "arta@example.org" not in html
    assert "Një kërkesë e pa publikuar." not in html


@pytest.mark.django_db
def test_the_page_has_one_h1(client, detailed):
    assert client.get(url_in(detailed, "sq")).content.decode().count("<h1") == 1


@pytest.mark.django_db
def test_untranslated_place_directorate_and_municipality_are_marked_albanian(client, detailed):
    html = client.get(url_in(detailed, "sr-latn")).content.decode()

    assert f"<dd>{in_albanian(detailed.place.name_sq, 'sr-latn')}</dd>" in html
    assert f"<dd>{in_albanian('Drejtoria për Buxhet dhe Financa', 'sr-latn')}</dd>" in html
    assert '<span class="d-block fw-bold" lang="sq">Komuna e Testit</span>' in html
    assert f'<p class="mb-1">{in_albanian("Komuna e Testit", "sr-latn")}</p>' in html


@pytest.mark.django_db
def test_translated_place_directorate_and_municipality_are_shown_without_a_notice(client, detailed):
    detailed.place.name_sr_latn = "Mesna zajednica"
    detailed.place.address = "Ulica 1"
    detailed.place.save()
    detailed.directorate.name_sr_latn = "Direkcija za budžet i finansije"
    detailed.directorate.save()
    detailed.plan.municipality.name_sr_latn = "Opština Test"
    detailed.plan.municipality.save()
    detailed.summary_sr_latn = "Razmatran je nacrt budžeta."
    detailed.save()

    html = client.get(url_in(detailed, "sr-latn")).content.decode()

    assert "<dd>Mesna zajednica, Ulica 1</dd>" in html
    assert "<dd>Direkcija za budžet i finansije</dd>" in html
    assert '<span class="d-block fw-bold">Opština Test</span>' in html
    assert "fallback-notice" not in html


@pytest.mark.django_db
def test_a_hearing_without_place_or_directorate_shows_a_dash(client, plan):
    hearing = HearingFactory(plan=plan, place=None, method=Hearing.Method.ONLINE)
    html = client.get(url_in(hearing, "en")).content.decode()
    assert "<dt>Where</dt>\n    <dd>—</dd>" in html
    assert "<dt>Organising directorate</dt>\n    <dd>—</dd>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "query"), [("sq", ""), ("sr-latn", "?lang=sr-latn"), ("en", "?lang=en")])
def test_the_calendar_link_carries_the_pages_language(client, hearing, language, query):
    html = client.get(url_in(hearing, language)).content.decode()
    with translation.override(language):
        label = gettext("Add to calendar")
    assert f'<a href="/konsultimet/{hearing.pk}.ics{query}">{label}</a>' in html


@pytest.mark.django_db
def test_the_calendar_of_a_serbian_page_is_in_serbian(client, hearing):
    html = client.get(url_in(hearing, "sr-latn")).content.decode()
    link = f"/konsultimet/{hearing.pk}.ics?lang=sr-latn"
    assert f'href="{link}"' in html

    (event,) = icalendar.Calendar.from_ical(client.get(link).content).walk("VEVENT")

    assert str(event["SUMMARY"]) == hearing.title_sr_latn
    assert str(event["URL"]) == f"http://testserver{url_in(hearing, 'sr-latn')}"
