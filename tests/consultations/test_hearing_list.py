"""The list of public consultations: what it shows, its order, its filters and its pages."""

import datetime

import pytest
from django.utils import timezone, translation
from pytest_django.asserts import assertInHTML

from consultations.models import ConsultationPlan, Hearing
from tests.factories import DirectorateFactory, HearingFactory, PlaceFactory, PlanFactory, channel
from tests.pages import elements, text

LIST = "/sq/konsultimet/"


def listed(response) -> list[str]:
    """The hearings' addresses in the order the list shows them."""
    return [hearing.get_absolute_url().replace("/sq/", "/") for hearing in response.context["hearings"]]


def urls(*hearings: Hearing) -> list[str]:
    return [hearing.get_absolute_url().replace("/sq/", "/") for hearing in hearings]


def listed_bs(client, words: str) -> list[str]:
    """What a search from the Bosnian page lists."""
    return [h.get_absolute_url() for h in client.get("/bs/konsultimet/", {"q": words}).context["hearings"]]


def urls_bs(*hearings: Hearing) -> list[str]:
    with translation.override("bs"):
        return [hearing.get_absolute_url() for hearing in hearings]


@pytest.mark.django_db
def test_the_list_shows_only_published_hearings_of_published_plans(client, municipality, hearing):
    HearingFactory(plan=hearing.plan, title="Ende e pa publikuar", is_published=False)
    draft = PlanFactory(municipality=municipality, year=2026, status=ConsultationPlan.Status.DRAFT)
    HearingFactory(plan=draft, title="Në plan të pa publikuar")
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed(response) == urls(hearing)
    assert "Ende e pa publikuar" not in response.content.decode()
    assert "Në plan të pa publikuar" not in response.content.decode()


@pytest.mark.django_db
def test_the_list_puts_upcoming_first_soonest_first_then_the_newest_held(client, municipality):
    now = timezone.now()
    this_year = PlanFactory(municipality=municipality, year=timezone.localdate().year)
    old = PlanFactory(municipality=municipality, year=2024)
    held_2024 = HearingFactory(plan=old)
    held_this_year = HearingFactory(plan=this_year, starts_at=now - datetime.timedelta(days=30))
    cancelled = HearingFactory(
        plan=this_year,
        status=Hearing.Status.CANCELLED,
        women=None,
        men=None,
        starts_at=now - datetime.timedelta(days=5),
    )
    later = HearingFactory(plan=this_year, upcoming=True, starts_at=now + datetime.timedelta(days=20))
    sooner = HearingFactory(plan=this_year, upcoming=True, starts_at=now + datetime.timedelta(days=2))
    response = client.get(LIST)
    assert listed(response) == urls(sooner, later, cancelled, held_this_year, held_2024)

    # Under headings: upcoming first, then each year, newest first.
    sections = [(year, [h.pk for h in section]) for year, section in response.context["sections"]]
    assert sections == [
        (None, [sooner.pk, later.pk]),
        (this_year.year, [cancelled.pk, held_this_year.pk]),
        (2024, [held_2024.pk]),
    ]
    with translation.override("sq"):
        headings = [
            translation.gettext("Upcoming and open now"),
            translation.gettext("Consultations of %(year)s") % {"year": this_year.year},
            translation.gettext("Consultations of %(year)s") % {"year": 2024},
        ]
    shown = [text(h3) for h3 in elements(response, "h3")]
    assert [heading for heading in shown if heading in headings] == headings


@pytest.mark.django_db
def test_a_row_shows_date_place_method_status_and_attendance(client, hearing):
    hearing.women, hearing.men = 57, 210
    hearing.save()
    html = client.get("/en/konsultimet/").content.decode()
    assertInHTML('<time datetime="2025-03-10T10:00:00+01:00">10 March 2025, 10:00</time>', html)
    # The place has no English name: the Albanian one is shown, marked as such.
    notice = '<span class="fallback-notice">(in Albanian)</span>'
    assertInHTML(f'<dd><span lang="sq">{hearing.place.name_sq}</span> {notice}</dd>', html)
    assertInHTML("<dd>Public hearing with citizens</dd>", html)
    assertInHTML('<span class="hearing-status hearing-status-held">Held</span>', html)
    assert "women 57, men 210, total 267" in html


@pytest.mark.django_db
def test_the_year_filter_narrows_the_list(client, municipality, hearing):
    other = HearingFactory(plan=PlanFactory(municipality=municipality, year=2024))
    assert listed(client.get(LIST, {"year": "2024"})) == urls(other)
    assert listed(client.get(LIST, {"year": "2025"})) == urls(hearing)


@pytest.mark.django_db
def test_the_method_filter_narrows_the_list(client, plan, hearing):
    written = HearingFactory(plan=plan, method=Hearing.Method.WRITTEN)
    assert listed(client.get(LIST, {"method": "written"})) == urls(written)


@pytest.mark.django_db
def test_the_directorate_filter_narrows_the_list(client, plan, hearing):
    finance = DirectorateFactory(municipality=plan.municipality, name="Drejtoria për Buxhet dhe Financa")
    budget = HearingFactory(plan=plan, directorate=finance)
    response = client.get(LIST, {"directorate": str(finance.pk)})
    assert listed(response) == urls(budget)


@pytest.mark.django_db
def test_the_place_filter_narrows_the_list(client, plan, hearing):
    hall = PlaceFactory(municipality=plan.municipality, name="Salla e Kuvendit Komunal")
    in_hall = HearingFactory(plan=plan, place=hall)
    assert listed(client.get(LIST, {"place": str(hall.pk)})) == urls(in_hall)


@pytest.mark.django_db
def test_the_status_filter_narrows_the_list(client, municipality, hearing):
    this_year = PlanFactory(municipality=municipality, year=timezone.localdate().year)
    upcoming = HearingFactory(plan=this_year, upcoming=True)
    cancelled = HearingFactory(plan=hearing.plan, status=Hearing.Status.CANCELLED, women=None, men=None)
    assert listed(client.get(LIST, {"status": "upcoming"})) == urls(upcoming)
    assert listed(client.get(LIST, {"status": "held"})) == urls(hearing)
    assert listed(client.get(LIST, {"status": "cancelled"})) == urls(cancelled)


@pytest.mark.django_db
def test_the_search_finds_words_in_title_topic_and_summary(client, plan, hearing):
    by_title = HearingFactory(plan=plan, title="Rregullorja për ujësjellësin")
    by_topic = HearingFactory(plan=plan, topic="Ndriçimi i rrugëve në Vrellë")
    by_summary = HearingFactory(plan=plan, summary="Qytetarët kërkuan kanalizim")
    assert listed(client.get(LIST, {"q": "ujësjellësin"})) == urls(by_title)
    assert listed(client.get(LIST, {"q": "vrellë"})) == urls(by_topic)
    assert listed(client.get(LIST, {"q": "kanalizim"})) == urls(by_summary)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["degjim", "DËGJIM", "Dëgjim", "dEgJiM"])
def test_the_search_forgives_capitals_and_missing_diacritics(client, plan, typed):
    found = HearingFactory(plan=plan, title="Dëgjim për ujësjellësin", topic="Buxheti")
    HearingFactory(plan=plan, title="Takim me qytetarët", topic="Buxheti")
    assert listed(client.get(LIST, {"q": typed})) == urls(found)


@pytest.mark.django_db
def test_the_search_forgives_serbian_diacritics_too(client, plan):
    found = HearingFactory(plan=plan, title="Rregullorja", title_bs="Budžet za Đurakovac")
    assert listed_bs(client, "budzet durakovac") == urls_bs(found)
    assert listed_bs(client, "BUDŽET") == urls_bs(found)


@pytest.mark.django_db
def test_the_search_looks_in_the_page_language_and_in_albanian(client, plan, hearing):
    bosnian = HearingFactory(plan=plan, title="Rregullorja", title_bs="Pravilnik o vodovodu")
    assert listed_bs(client, "vodovodu") == urls_bs(bosnian)
    assert listed_bs(client, "Rregullorja") == urls_bs(bosnian)
    # Serbian text is not searched from the Bosnian page: it is neither its language nor Albanian.
    assert listed_bs(client, "Javna rasprava") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"year": "abc"}, "year", "There is no published plan for the year “abc”. Choose a year from the list."),
        ({"year": "1999"}, "year", "There is no published plan for the year “1999”. Choose a year from the list."),
        ({"method": "xyz"}, "method", "“xyz” is not a consultation method. Choose one from the list."),
        ({"directorate": "abc"}, "directorate", "There is no such directorate. Choose one from the list."),
        ({"place": "99999"}, "place", "There is no such place. Choose one from the list."),
        ({"status": "later"}, "status", "“later” is not a status. Choose one from the list."),
    ],
)
def test_an_invalid_filter_is_explained_on_its_field_and_ignored(client, hearing, query, field, message):
    response = client.get("/en/konsultimet/", query)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert elements(html, "div", id=f"id_{field}_error", class_="invalid-feedback")
    assert message in html
    assert "Some filters could not be used, so the list below is shown without them:" in html
    assert len(response.context["hearings"]) == 1


@pytest.mark.django_db
def test_a_valid_filter_still_applies_next_to_an_invalid_one(client, plan, hearing):
    written = HearingFactory(plan=plan, method=Hearing.Method.WRITTEN)
    response = client.get(LIST, {"method": "written", "year": "abc"})
    assert response.status_code == 200
    assert listed(response) == urls(written)


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "shown"), [("abc", 1), ("999", 2), ("0", 2), ("2", 2)])
def test_a_bad_page_number_shows_the_first_or_the_last_page(client, plan, page, shown):
    HearingFactory.create_batch(21, plan=plan)
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown


@pytest.mark.django_db
def test_the_pages_read_from_the_end_keep_the_order_of_the_first(client, municipality):
    # The second half of the past hearings is read backwards (no deep OFFSET): the pages must
    # still run on from one another, ties on the start broken by the same order.
    now = timezone.now()
    this_year = PlanFactory(municipality=municipality, year=timezone.localdate().year)
    old = PlanFactory(municipality=municipality, year=2024)
    same_moment = now - datetime.timedelta(days=40)
    HearingFactory.create_batch(3, plan=this_year, upcoming=True, starts_at=now + datetime.timedelta(days=3))
    HearingFactory.create_batch(25, plan=this_year, starts_at=same_moment)
    for days in range(30):
        HearingFactory(
            plan=old, starts_at=timezone.make_aware(datetime.datetime(2024, 3, 1)) + datetime.timedelta(days=days // 2)
        )
    pages = [listed(client.get(LIST, {"page": number})) for number in (1, 2, 3)]
    whole = Hearing.objects.public(municipality)
    expected = [
        *whole.filter(status=Hearing.Status.PLANNED, ends_at__gte=now).order_by("starts_at", "pk"),
        *whole.exclude(status=Hearing.Status.PLANNED, ends_at__gte=now).order_by("-plan__year", "-starts_at", "-pk"),
    ]
    assert [len(page) for page in pages] == [20, 20, 18]
    assert [address for page in pages for address in page] == urls(*expected)


@pytest.mark.django_db
def test_page_links_keep_the_filters(client, plan):
    HearingFactory.create_batch(21, plan=plan, method=Hearing.Method.CITIZENS)
    response = client.get(LIST, {"method": "citizens", "q": "Dëgjim"})
    assert response.context["paginator"].count == 21
    assert elements(response, "a", href="?method=citizens&q=D%C3%ABgjim&page=2")


@pytest.mark.django_db
def test_an_empty_result_says_so_and_offers_to_clear_the_filters(client, hearing):
    response = client.get("/en/konsultimet/", {"q": "asgjë e tillë"})
    html = response.content.decode()
    assert "0 consultations found" in html
    assert "No consultation matches these filters." in html
    assertInHTML('<a href="/en/konsultimet/">Clear the filters and show every consultation</a>', html)


@pytest.mark.django_db
def test_every_filter_field_has_a_label(client, hearing):
    html = client.get("/en/konsultimet/").content.decode()
    for field in ("q", "year", "method", "directorate", "place", "status"):
        assert elements(html, "label", for_=f"id_{field}")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 100])
def test_the_list_makes_a_constant_number_of_queries(client, plan, django_assert_max_num_queries, count):
    for _number in range(count):
        directorate = DirectorateFactory(municipality=plan.municipality)
        HearingFactory(plan=plan, directorate=directorate, announced_via=[channel("website")])
    # 20 rows a page whatever the total: the municipality, the plan years, two counts, the rows
    # (upcoming, then the rest: one query or both), the form's directorates and places, and the
    # page cache's next boundary (the form kept as a fragment spares the directorates and places).
    with django_assert_max_num_queries(9):
        response = client.get(LIST, {"method": "hearing"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_an_open_written_consultation_says_so_and_has_its_own_filter(client):
    from tests.factories import WrittenConsultationFactory

    written = WrittenConsultationFactory()
    HearingFactory(plan=written.plan, upcoming=True, starts_at=timezone.now() + datetime.timedelta(days=3))
    response = client.get(LIST, {"status": "open"})

    assert [hearing.pk for hearing in response.context["hearings"]] == [written.pk]
    with translation.override("sq"):
        label = translation.pgettext("hearing status", "Open for comments")
    assert written.status_label() == label
    assert label in response.content.decode()
