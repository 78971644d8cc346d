"""A public consultation's page: its facts, its visibility, its address and its languages."""

import datetime

import icalendar
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from pytest_django.asserts import assertInHTML

from consultations.models import ConsultationPlan, Hearing
from register.models import CitizenRequest
from tests.factories import CitizenRequestFactory, DirectorateFactory, HearingFactory, PlanFactory, channel
from tests.pages import elements, has_sequence

LANGUAGES = ["sq", "sr-latn", "bs", "tr", "en"]


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
    assertInHTML('<h1 lang="sq">Dëgjimi për buxhetin 2026</h1>', html)
    assert has_sequence(
        html,
        '<time datetime="2025-03-10T10:00:00+01:00">10 March 2025, 10:00</time>'
        '–<time datetime="2025-03-10T12:00:00+01:00">12:00</time>',
    )
    assertInHTML(f"<dd>{in_albanian(detailed.place.name_sq, 'en')}</dd>", html)
    assertInHTML("<dd>Public hearing with citizens</dd>", html)
    assertInHTML(f"<dd>{in_albanian('Drejtoria për Buxhet dhe Financa', 'en')}</dd>", html)
    assert "Buxheti komunal 2026" in html
    assertInHTML('<span class="hearing-status hearing-status-held">Held</span>', html)
    assertInHTML("<td>57</td><td>210</td><td>267</td>", html)
    assertInHTML("<p>U diskutua projektbuxheti.</p>", html)
    assertInHTML(f'<a href="/konsultimet/{detailed.pk}.ics?lang=en">Add to calendar</a>', html)
    for name in detailed.announced_via.values_list("name_en", flat=True):
        assertInHTML(f"<li>{name}</li>", html)


@pytest.mark.django_db
def test_the_times_are_shown_in_local_time(client, plan):
    # 09:00 UTC on a summer day is 11:00 in Istog (CEST).
    starts_at = datetime.datetime(2025, 7, 1, 9, 0, tzinfo=datetime.UTC)
    hearing = HearingFactory(plan=plan, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1))
    html = client.get(url_in(hearing, "sq")).content.decode()
    assertInHTML('<time datetime="2025-07-01T11:00:00+02:00">1 korrik 2025, 11:00</time>', html)


@pytest.mark.django_db
def test_attendance_is_not_shown_before_the_hearing_is_held(client, municipality):
    plan = PlanFactory(municipality=municipality, year=timezone.localdate().year)
    upcoming = HearingFactory(plan=plan, upcoming=True)
    html = client.get(url_in(upcoming, "en")).content.decode()
    assert "Number of participants by gender" not in html
    assertInHTML('<span class="hearing-status hearing-status-planned">Upcoming</span>', html)


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
    assert elements(
        response, "link", rel="canonical", href=f"http://127.0.0.1:8000/sq/konsultimet/{hearing.pk}/{hearing.slug}/"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_renders_in_every_language_with_its_lang(client, hearing, language):
    response = client.get(url_in(hearing, language))
    assert response.status_code == 200
    assert elements(response, "html", lang=language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switcher_links_to_the_same_page(client, hearing, language):
    html = client.get(url_in(hearing, language)).content.decode()
    for other in LANGUAGES:
        if other != language:
            assert elements(html, "a", href=f"/{other}/konsultimet/{hearing.pk}/{hearing.slug}/", hreflang=other)


@pytest.mark.django_db
def test_a_missing_bosnian_title_is_shown_in_albanian_with_a_notice(client, plan):
    hearing = HearingFactory(plan=plan, title="Dëgjimi për rrugët", title_bs="")
    html = client.get(url_in(hearing, "bs")).content.decode()
    assertInHTML('<h1 lang="sq">Dëgjimi për rrugët</h1>', html)
    with translation.override("bs"):
        notice = gettext("This text is not yet available in Bosnian; it is shown in Albanian.")
    assertInHTML(f'<p class="fallback-notice small">{notice}</p>', html)


@pytest.mark.django_db
def test_no_notice_in_albanian_nor_where_the_translation_exists(client, plan):
    hearing = HearingFactory(plan=plan, title="Dëgjimi për rrugët", title_bs="Rasprava o putevima", topic_bs="Putevi")
    hearing.place.name_bs = "Mjesna zajednica"
    hearing.place.save()
    plan.municipality.name_bs = "Općina Test"
    plan.municipality.save()
    albanian = client.get(url_in(hearing, "sq")).content.decode()
    assertInHTML("<h1>Dëgjimi për rrugët</h1>", albanian)
    assert "fallback-notice" not in albanian
    bosnian = client.get(url_in(hearing, "bs")).content.decode()
    assertInHTML("<h1>Rasprava o putevima</h1>", bosnian)
    assert "fallback-notice" not in bosnian


@pytest.mark.django_db
def test_a_missing_english_topic_gets_the_english_notice(client, hearing):
    html = client.get(url_in(hearing, "en")).content.decode()
    assertInHTML('<span lang="sq">Buxheti komunal</span>', html)
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
    assertInHTML("<dd>Accepted</dd>", html)
    assertInHTML('<dd>On the spot, <time datetime="2025-03-10">10 March 2025</time></dd>', html)
    assert "Ndriçimi do të vendoset në prill." in html
    assert "Arta Krasniqi" not in html
    assert "arta@example.org" not in html
    assert "Një kërkesë e pa publikuar." not in html


@pytest.mark.django_db
def test_the_page_has_one_h1(client, detailed):
    assert len(elements(client.get(url_in(detailed, "sq")), "h1")) == 1


@pytest.mark.django_db
def test_untranslated_place_directorate_and_municipality_are_marked_albanian(client, detailed):
    html = client.get(url_in(detailed, "sr-latn")).content.decode()

    assertInHTML(f"<dd>{in_albanian(detailed.place.name_sq, 'sr-latn')}</dd>", html)
    assertInHTML(f"<dd>{in_albanian('Drejtoria për Buxhet dhe Financa', 'sr-latn')}</dd>", html)
    assertInHTML('<span class="portal-name" lang="sq">Komuna e Testit</span>', html)
    assertInHTML(f"<strong>{in_albanian('Komuna e Testit', 'sr-latn')}</strong>", html)


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

    assertInHTML('<dd>Mesna zajednica, <span translate="no">Ulica 1</span></dd>', html)
    assertInHTML("<dd>Direkcija za budžet i finansije</dd>", html)
    assertInHTML('<span class="portal-name">Opština Test</span>', html)
    assert "fallback-notice" not in html


@pytest.mark.django_db
def test_a_hearing_without_place_or_directorate_shows_a_dash(client, plan):
    hearing = HearingFactory(plan=plan, place=None, method=Hearing.Method.ONLINE)
    html = client.get(url_in(hearing, "en")).content.decode()
    assertInHTML("<dt>Where</dt><dd>—</dd>", html)
    assertInHTML("<dt>Organising directorate</dt><dd>—</dd>", html)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "query"), [("sq", ""), ("sr-latn", "?lang=sr-latn"), ("en", "?lang=en")])
def test_the_calendar_link_carries_the_pages_language(client, hearing, language, query):
    html = client.get(url_in(hearing, language)).content.decode()
    with translation.override(language):
        label = gettext("Add to calendar")
    assertInHTML(f'<a href="/konsultimet/{hearing.pk}.ics{query}">{label}</a>', html)


@pytest.mark.django_db
def test_the_calendar_of_a_serbian_page_is_in_serbian(client, hearing):
    html = client.get(url_in(hearing, "sr-latn")).content.decode()
    link = f"/konsultimet/{hearing.pk}.ics?lang=sr-latn"
    assert elements(html, "a", href=link)

    (event,) = icalendar.Calendar.from_ical(client.get(link).content).walk("VEVENT")

    assert str(event["SUMMARY"]) == hearing.title_sr_latn
    assert str(event["URL"]) == f"http://127.0.0.1:8000{url_in(hearing, 'sr-latn')}"
