"""The schema.org Event JSON-LD on each consultation's page, parsed back and checked field by field."""

import datetime
import json
import re

import pytest
from django.utils import timezone, translation

from consultations.models import Hearing
from tests.factories import HearingFactory, PlaceFactory

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _event(client, hearing: Hearing, language: str = "sq") -> dict:
    with translation.override(language):
        html = client.get(hearing.get_absolute_url()).content.decode()
    (block,) = JSONLD.findall(html)
    return json.loads(block)


@pytest.fixture
def meeting(plan) -> Hearing:
    place = PlaceFactory(municipality=plan.municipality, name="Salla e Kuvendit", address="Rruga Mbretëresha Teutë 1")
    starts = timezone.make_aware(datetime.datetime(2025, 9, 17, 17, 30))
    return HearingFactory(plan=plan, place=place, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))


def test_a_held_hearing_is_an_offline_event_at_its_place(client, meeting, settings):
    settings.SITE_URL = "https://konsultimet.example.org"
    event = _event(client, meeting)
    assert event == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "description": "Buxheti komunal",
        "startDate": "2025-09-17T17:30:00+02:00",
        "endDate": "2025-09-17T19:30:00+02:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {"@type": "GovernmentOrganization", "name": "Komuna e Testit", "url": "https://example.org/"},
        "inLanguage": "sq",
        "url": "https://konsultimet.example.org" + meeting.get_absolute_url(),
        "isAccessibleForFree": True,
        "location": {
            "@type": "Place",
            "name": "Salla e Kuvendit",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Komuna e Testit",
                "addressCountry": "XK",
                "streetAddress": "Rruga Mbretëresha Teutë 1",
            },
        },
    }


def test_the_event_speaks_the_pages_language(client, meeting):
    event = _event(client, meeting, "sr-latn")
    assert event["inLanguage"] == "sr-latn"
    assert event["name"] == meeting.title_sr_latn
    assert event["description"] == "Opštinski budžet"
    assert event["url"].endswith(f"/sr-latn/konsultimet/{meeting.pk}/{meeting.slug}/")


def test_a_cancelled_hearing_is_a_cancelled_event(client, meeting):
    Hearing.objects.filter(pk=meeting.pk).update(status=Hearing.Status.CANCELLED, women=None, men=None)
    assert _event(client, meeting)["eventStatus"] == "https://schema.org/EventCancelled"


def test_a_written_consultation_without_a_place_is_online_at_its_page(client, plan):
    written = HearingFactory(plan=plan, method=Hearing.Method.WRITTEN, place=None)
    event = _event(client, written)
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == {"@type": "VirtualLocation", "url": event["url"]}


def test_a_title_cannot_close_the_script_element(client, plan):
    hearing = HearingFactory(plan=plan, title="</script><script>alert(1)</script> & <!--")
    with translation.override("sq"):
        html = client.get(hearing.get_absolute_url()).content.decode()
    (block,) = JSONLD.findall(html)
    assert "<" not in block and "&" not in block.replace("\\u0026", "")
    assert json.loads(block)["name"] == "</script><script>alert(1)</script> & <!--"
