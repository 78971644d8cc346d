"""The iCalendar files, read back with the icalendar parser as a calendar program would."""

import datetime
import io
import zoneinfo

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultations.models import ConsultationPlan, Hearing
from tests import factories

BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")
HOUR = datetime.timedelta(hours=1)
# The factories' hearings are in 2025's plan; the calendar to subscribe to holds only the
# last 12 months, so the properties of events are checked in the year's calendar.
YEAR_CALENDAR = "/konsultimet-2025.ics"


def _parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"
    return icalendar.Calendar.from_ical(response.content)


def _events_by_uid(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


@pytest.fixture
def cancelled(plan):
    return factories.HearingFactory(
        plan=plan, title="Dëgjim i anuluar", status=Hearing.Status.CANCELLED, women=None, men=None
    )


@pytest.fixture
def unpublished(plan):
    return factories.HearingFactory(plan=plan, title="Ende pa u publikuar", is_published=False)


@pytest.fixture
def in_draft_plan(municipality):
    draft = factories.PlanFactory(municipality=municipality, year=2026, status=ConsultationPlan.Status.DRAFT)
    return factories.HearingFactory(plan=draft, title="Në plan të papublikuar")


def test_calendar_has_one_event_per_published_hearing_only(client, hearing, cancelled, unpublished, in_draft_plan):
    cal = _parse(client.get(YEAR_CALENDAR))

    assert set(_events_by_uid(cal)) == {f"hearing-{hearing.pk}@127.0.0.1", f"hearing-{cancelled.pk}@127.0.0.1"}
    summaries = {str(event["SUMMARY"]) for event in cal.walk("VEVENT")}
    assert "Ende pa u publikuar" not in summaries
    assert "Në plan të papublikuar" not in summaries


def test_calendar_carries_the_properties_rfc_5545_requires(client, hearing):
    cal = _parse(client.get(YEAR_CALENDAR))

    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//Istog Consult//")
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert "Komuna e Testit" in str(cal["X-WR-CALNAME"])
    assert b"\r\n" in client.get(YEAR_CALENDAR).content


def test_calendar_declares_the_belgrade_time_zone_and_dates_use_it(client, hearing):
    cal = _parse(client.get(YEAR_CALENDAR))

    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Belgrade"]
    (event,) = cal.walk("VEVENT")
    for name, moment in (("DTSTART", hearing.starts_at), ("DTEND", hearing.ends_at)):
        assert event[name].params["TZID"] == "Europe/Belgrade"
        assert event.decoded(name) == moment
    assert event.decoded("DTSTART").astimezone(BELGRADE).hour == 10


def test_summer_time_hearing_keeps_its_local_hour(client, plan):
    summer = datetime.datetime(2025, 7, 10, 18, 0, tzinfo=BELGRADE)
    factories.HearingFactory(plan=plan, starts_at=summer, ends_at=summer + datetime.timedelta(hours=2))

    body = client.get(YEAR_CALENDAR).content.decode()

    assert "DTSTART;TZID=Europe/Belgrade:20250710T180000" in body
    assert "TZOFFSETTO:+0200" in body


def test_event_describes_the_hearing_in_albanian_by_default(client, hearing):
    hearing.place.address = "Rruga e Dëshmorëve"
    hearing.place.save()

    (event,) = _parse(client.get(YEAR_CALENDAR)).walk("VEVENT")

    assert str(event["UID"]) == f"hearing-{hearing.pk}@127.0.0.1"
    assert str(event["SUMMARY"]) == hearing.title_sq
    assert str(event["DESCRIPTION"]) == "Buxheti komunal"
    assert str(event["LOCATION"]) == f"{hearing.place.name_sq}, Rruga e Dëshmorëve"
    assert str(event["URL"]) == f"http://127.0.0.1:8000/sq/konsultimet/{hearing.pk}/{hearing.slug}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("LAST-MODIFIED") == hearing.updated_at.replace(microsecond=0)
    assert event.decoded("DTSTAMP").tzinfo is not None


def test_cancelled_hearing_stays_in_the_calendar_marked_cancelled(client, hearing, cancelled):
    events = _events_by_uid(_parse(client.get(YEAR_CALENDAR)))

    assert str(events[f"hearing-{cancelled.pk}@127.0.0.1"]["STATUS"]) == "CANCELLED"
    assert str(events[f"hearing-{hearing.pk}@127.0.0.1"]["STATUS"]) == "CONFIRMED"


def test_lang_parameter_gives_the_texts_and_links_in_that_language(client, hearing):
    (event,) = _parse(client.get(YEAR_CALENDAR, {"lang": "sr-latn"})).walk("VEVENT")

    assert str(event["SUMMARY"]) == hearing.title_sr_latn
    assert str(event["DESCRIPTION"]) == "Opštinski budžet"
    assert str(event["URL"]).startswith("http://127.0.0.1:8000/sr-latn/konsultimet/")


def test_missing_translation_falls_back_to_albanian(client, hearing):
    (event,) = _parse(client.get(YEAR_CALENDAR, {"lang": "bs"})).walk("VEVENT")

    assert str(event["SUMMARY"]) == hearing.title_sq


def test_uid_is_the_same_whatever_the_language(client, hearing):
    uids = {
        str(event["UID"])
        for lang in ("sq", "sr-latn", "bs", "tr", "en")
        for event in _parse(client.get(YEAR_CALENDAR, {"lang": lang})).walk("VEVENT")
    }
    assert uids == {f"hearing-{hearing.pk}@127.0.0.1"}


@pytest.mark.parametrize("lang", ["xx", "de", "sr-cyrl", "<script>"])
def test_unknown_lang_is_a_bad_request_with_a_plain_message(client, hearing, lang):
    for url in (reverse("opendata:calendar"), reverse("opendata:hearing-calendar", args=[hearing.pk])):
        response = client.get(url, {"lang": lang})
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "sr-latn" in response.content.decode()


def test_empty_calendar_is_still_valid(client, db):
    cal = _parse(client.get(reverse("opendata:calendar")))

    assert cal.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Belgrade"]


def test_hearing_calendar_is_an_attachment_with_that_hearing_only(client, hearing, cancelled):
    response = client.get(reverse("opendata:hearing-calendar", args=[hearing.pk]))

    assert response["Content-Disposition"] == f'attachment; filename="konsultimi-{hearing.pk}.ics"'
    cal = _parse(response)
    assert list(_events_by_uid(cal)) == [f"hearing-{hearing.pk}@127.0.0.1"]
    assert str(cal["X-WR-CALNAME"]) == hearing.title_sq
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Belgrade"]


def test_hearing_calendar_of_a_cancelled_hearing_says_so(client, cancelled):
    (event,) = _parse(client.get(reverse("opendata:hearing-calendar", args=[cancelled.pk]))).walk("VEVENT")

    assert str(event["STATUS"]) == "CANCELLED"


def test_hearing_calendar_is_404_unless_the_hearing_is_public(client, unpublished, in_draft_plan):
    for pk in (unpublished.pk, in_draft_plan.pk, 999_999):
        assert client.get(reverse("opendata:hearing-calendar", args=[pk])).status_code == 404


@pytest.fixture
def of_another_municipality(municipality, settings):
    """A published hearing of a second municipality in the same database; the portal serves the first."""
    settings.MUNICIPALITY_SLUG = municipality.slug
    other = factories.MunicipalityFactory(slug="tjeter", name="Komuna Tjetër")
    return factories.HearingFactory(plan=factories.PlanFactory(municipality=other), title="Dëgjim i komunës tjetër")


def test_calendar_leaves_out_the_hearings_of_another_municipality(client, hearing, of_another_municipality):
    cal = _parse(client.get(YEAR_CALENDAR))

    assert list(_events_by_uid(cal)) == [f"hearing-{hearing.pk}@127.0.0.1"]
    assert "Komuna Tjetër" not in str(cal["X-WR-CALNAME"])


def test_hearing_calendar_of_another_municipality_is_404(client, hearing, of_another_municipality):
    assert client.get(reverse("opendata:hearing-calendar", args=[of_another_municipality.pk])).status_code == 404
    assert client.get(reverse("opendata:hearing-calendar", args=[hearing.pk])).status_code == 200


def test_place_whose_translation_is_blank_is_given_in_albanian_as_on_the_page(client, hearing):
    hearing.place.name_sr_latn = "   "
    hearing.place.save()

    (event,) = _parse(client.get(YEAR_CALENDAR, {"lang": "sr-latn"})).walk("VEVENT")

    assert str(event["LOCATION"]) == hearing.place.name_sq


def _vtimezone(client) -> icalendar.Timezone:
    (vtimezone,) = _parse(client.get(YEAR_CALENDAR)).walk("VTIMEZONE")
    return vtimezone


def test_vtimezone_gives_each_change_in_the_local_time_before_it(client, hearing):
    vtimezone = _vtimezone(client)
    (daylight,) = vtimezone.walk("DAYLIGHT")
    (standard,) = vtimezone.walk("STANDARD")

    # RFC 5545 3.6.5: summer time begins at 02:00 (+01:00) and ends at 03:00 (+02:00).
    assert daylight.decoded("DTSTART") == datetime.datetime(1996, 3, 31, 2, 0)
    assert (daylight.decoded("TZOFFSETFROM"), daylight.decoded("TZOFFSETTO")) == (HOUR, 2 * HOUR)
    assert daylight["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}
    assert str(daylight["TZNAME"]) == "CEST"
    assert standard.decoded("DTSTART") == datetime.datetime(1996, 10, 27, 3, 0)
    assert (standard.decoded("TZOFFSETFROM"), standard.decoded("TZOFFSETTO")) == (2 * HOUR, HOUR)
    assert standard["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]}
    assert str(standard["TZNAME"]) == "CET"
    assert "COMMENT" not in vtimezone


def _offset_changes(first_year: int, last_year: int) -> list[datetime.datetime]:
    """The instants (UTC) at which Europe/Belgrade changes its offset, from the tz database."""
    changes = []
    moment = datetime.datetime(first_year, 1, 1, tzinfo=datetime.UTC)
    while moment.year <= last_year:
        if (moment + HOUR).astimezone(BELGRADE).utcoffset() != moment.astimezone(BELGRADE).utcoffset():
            changes.append(moment + HOUR)
        moment += HOUR
    return changes


def test_vtimezone_agrees_with_the_tz_database_around_every_change(client, hearing):
    # Read as a calendar program does: from the VTIMEZONE, not from the TZID's name.
    described = _vtimezone(client).to_tz(lookup_tzid=False)
    changes = _offset_changes(2024, 2030)

    assert len(changes) == 14
    for change in changes:
        for moment in (change - HOUR / 2, change, change + HOUR / 2):
            assert moment.astimezone(described).utcoffset() == moment.astimezone(BELGRADE).utcoffset(), moment


def test_hearing_just_after_summer_time_begins_is_at_the_right_instant(client, plan):
    # 03:30 on 30 March 2025 in Istog is 01:30 UTC; at 01:30 UTC the clocks already show 03:30.
    starts_at = datetime.datetime(2025, 3, 30, 1, 30, tzinfo=datetime.UTC)
    factories.HearingFactory(plan=plan, starts_at=starts_at, ends_at=starts_at + HOUR)

    cal = _parse(client.get(YEAR_CALENDAR))
    described = cal.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    (event,) = cal.walk("VEVENT")

    assert "DTSTART;TZID=Europe/Belgrade:20250330T033000" in cal.to_ical().decode()
    assert event.decoded("DTSTART").replace(tzinfo=described) == starts_at
    assert starts_at.astimezone(described).replace(tzinfo=None) == datetime.datetime(2025, 3, 30, 3, 30)


@pytest.mark.parametrize("count", [5, 100])
def test_calendar_takes_a_constant_number_of_queries(client, plan, django_assert_max_num_queries, count):
    place = factories.PlaceFactory(municipality=plan.municipality)
    factories.HearingFactory.create_batch(count, plan=plan, place=place)

    with django_assert_max_num_queries(4):
        cal = _parse(client.get(YEAR_CALENDAR))

    assert len(cal.walk("VEVENT")) == count


def test_demo_calendar_has_an_event_for_every_published_hearing(client, db):
    call_command("load_istog_2025", stdout=io.StringIO())

    published = Hearing.objects.published()
    uids = set()
    for year in published.values_list("plan__year", flat=True).distinct():
        cal = _parse(client.get(reverse("opendata:calendar-year", args=[year])))
        uids |= {str(event["UID"]) for event in cal.walk("VEVENT")}
    assert uids == {f"hearing-{pk}@127.0.0.1" for pk in published.values_list("pk", flat=True)}
    assert published.in_year(2025).held().count() == 15


def test_the_calendar_to_subscribe_to_holds_whats_ahead_and_the_last_12_months(client, municipality):
    now = timezone.now()
    this_year = factories.PlanFactory(municipality=municipality, year=timezone.localdate().year)
    last_year = factories.PlanFactory(municipality=municipality, year=this_year.year - 1)
    older = factories.PlanFactory(municipality=municipality, year=this_year.year - 3)
    ahead = factories.HearingFactory(plan=this_year, upcoming=True)
    recent = factories.HearingFactory(
        plan=last_year, starts_at=now - datetime.timedelta(days=300), ends_at=now - datetime.timedelta(days=300) + HOUR
    )
    old = factories.HearingFactory(plan=older, starts_at=now - datetime.timedelta(days=1000))
    old.ends_at = old.starts_at + HOUR
    old.save()

    cal = _parse(client.get(reverse("opendata:calendar")))
    assert set(_events_by_uid(cal)) == {f"hearing-{ahead.pk}@127.0.0.1", f"hearing-{recent.pk}@127.0.0.1"}

    older_cal = _parse(client.get(reverse("opendata:calendar-year", args=[older.year])))
    assert set(_events_by_uid(older_cal)) == {f"hearing-{old.pk}@127.0.0.1"}


def test_a_year_without_a_published_plan_has_no_calendar(client, hearing):
    assert client.get(reverse("opendata:calendar-year", args=[2019])).status_code == 404
    draft = factories.PlanFactory(
        municipality=hearing.plan.municipality, year=2026, status=ConsultationPlan.Status.DRAFT
    )
    assert client.get(reverse("opendata:calendar-year", args=[draft.year])).status_code == 404


def test_the_open_data_page_links_each_years_calendar(client, hearing):
    body = client.get("/sr-latn/opendata/").content.decode()
    assert 'href="/konsultimet-2025.ics?lang=sr-latn"' in body


def test_calendar_names_its_method_in_the_media_type(client, hearing):
    response = client.get(YEAR_CALENDAR)
    assert response["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"


def test_every_published_event_has_what_itip_publish_requires(client, hearing, cancelled):
    """RFC 5546 3.2.1 (libical's iTIP check): PUBLISH needs DTSTAMP, DTSTART, ORGANIZER, SUMMARY, UID."""
    hearing.plan.municipality.email = "info@komuna-testit.example.org"
    hearing.plan.municipality.save()
    cal = _parse(client.get(YEAR_CALENDAR))

    for event in cal.walk("VEVENT"):
        for name in ("DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID", "SEQUENCE"):
            assert name in event, name
        organizer = event["ORGANIZER"]
        assert str(organizer) == "mailto:info@komuna-testit.example.org"
        assert organizer.params["CN"] == "Komuna e Testit"


def test_organizer_falls_back_to_the_portals_address(client, hearing, settings):
    settings.DEFAULT_FROM_EMAIL = "Konsultimet <konsultime@istog.example.org>"
    hearing.plan.municipality.email = ""
    hearing.plan.municipality.save()

    (event,) = _parse(client.get(YEAR_CALENDAR)).walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:konsultime@istog.example.org"


def _sequence(client, hearing) -> int:
    (event,) = [
        e
        for e in _parse(client.get(YEAR_CALENDAR)).walk("VEVENT")
        if str(e["UID"]).startswith(f"hearing-{hearing.pk}@")
    ]
    return int(event["SEQUENCE"])


@pytest.mark.parametrize(
    "change",
    [
        lambda h: setattr(h, "starts_at", h.starts_at + HOUR),
        lambda h: setattr(h, "ends_at", h.ends_at + HOUR),
        lambda h: setattr(h, "place", factories.PlaceFactory(municipality=h.plan.municipality, name="Salla tjetër")),
        lambda h: h.__dict__.update(status=Hearing.Status.CANCELLED, women=None, men=None),
    ],
    ids=["start", "end", "place", "status"],
)
def test_sequence_goes_up_when_time_place_or_status_changes(client, hearing, change):
    assert _sequence(client, hearing) == 0
    change(hearing)
    hearing.save()
    assert _sequence(client, hearing) == 1
    change_again = Hearing.objects.get(pk=hearing.pk)
    change_again.starts_at -= HOUR
    change_again.save(update_fields=["starts_at"])
    assert _sequence(client, hearing) == 2


def test_sequence_stays_when_only_the_texts_change(client, hearing):
    hearing.title = "Titull i ri"
    hearing.save()
    hearing.save(update_fields=["title"])
    assert _sequence(client, hearing) == 0
