"""iCalendar (RFC 5545) files of the published consultations, built with the icalendar library.

The caller chooses the language with translation.override(); titles and topics come from
modeltranslation in that language, falling back to Albanian.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable, Iterable

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consultations.models import Hearing

CONTENT_TYPE = "text/calendar; charset=utf-8"

# Cancelled hearings stay in the file so that calendars which already hold them update.
_EVENT_STATUS = {
    Hearing.Status.PLANNED: "CONFIRMED",
    Hearing.Status.HELD: "CONFIRMED",
    Hearing.Status.CANCELLED: "CANCELLED",
}


def portal_timezone() -> zoneinfo.ZoneInfo:
    """The time zone every date in the files is given in (settings.TIME_ZONE, Europe/Belgrade)."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def hearing_uid(hearing: Hearing, host: str) -> str:
    """A UID that stays the same for a hearing across downloads and languages."""
    return f"hearing-{hearing.pk}@{host}"


def calendar_name(municipality_name: str | None) -> str:
    """The name of the calendar of all consultations, in the active language."""
    if municipality_name:
        return _("Public consultations – %(municipality)s") % {"municipality": municipality_name}
    return _("Public consultations")


def build_calendar(
    hearings: Iterable[Hearing],
    *,
    name: str,
    host: str,
    absolute_url: Callable[[str], str],
    stamp: datetime.datetime | None = None,
) -> icalendar.Calendar:
    """A VCALENDAR with one VEVENT per hearing and the VTIMEZONE its dates refer to."""
    hearings = list(hearings)
    stamp = stamp or timezone.now()
    tz = portal_timezone()

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Istog Consult//Public consultations//{get_language().upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.calendar_name = name  # NAME (RFC 7986) and X-WR-CALNAME
    cal.add("x-wr-timezone", tz.key)

    # Transitions only for the years the events need keep the VTIMEZONE short; an empty
    # calendar still carries the current year's so clients know the zone.
    today = timezone.localdate(stamp, tz)
    first = min((timezone.localdate(h.starts_at, tz) for h in hearings), default=today)
    last = max((timezone.localdate(h.ends_at, tz) for h in hearings), default=today)
    cal.add_component(
        icalendar.Timezone.from_tzinfo(
            tz,
            tzid=tz.key,
            first_date=datetime.date(first.year, 1, 1),
            last_date=datetime.date(last.year + 1, 1, 1),
        )
    )

    for hearing in hearings:
        cal.add_component(hearing_event(hearing, host=host, absolute_url=absolute_url, stamp=stamp))
    return cal


def hearing_event(
    hearing: Hearing, *, host: str, absolute_url: Callable[[str], str], stamp: datetime.datetime
) -> icalendar.Event:
    """One hearing as a VEVENT; expects place and directorate to be selected with it."""
    tz = portal_timezone()
    event = icalendar.Event()
    event.add("uid", hearing_uid(hearing, host))
    event.add("dtstamp", stamp.astimezone(datetime.UTC))
    event.add("dtstart", hearing.starts_at.astimezone(tz))
    event.add("dtend", hearing.ends_at.astimezone(tz))
    event.add("summary", hearing.title)
    location = hearing_location(hearing)
    if location:
        event.add("location", location)
    if hearing.topic:
        event.add("description", hearing.topic)
    event.add("categories", [str(hearing.get_method_display())])
    event.add("url", absolute_url(hearing.get_absolute_url()))
    event.add("status", _EVENT_STATUS[hearing.status])
    event.add("last-modified", hearing.updated_at.astimezone(datetime.UTC))
    event.add("created", hearing.created_at.astimezone(datetime.UTC))
    return event


def hearing_location(hearing: Hearing) -> str:
    """The place's name and address, or an empty string when the hearing has no place."""
    if hearing.place is None:
        return ""
    return ", ".join(part for part in (hearing.place.name, hearing.place.address) if part)
