"""iCalendar (RFC 5545) files of the published consultations, built with the icalendar library.

The caller chooses the language with translation.override(); titles, topics and places are
in that language, falling back to Albanian as on the pages (web.fallback).
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consultations.models import Hearing
from web.addresses import absolute_url, portal_host, portal_mailbox
from web.fallback import localized

# RFC 5546 3.2: a file with METHOD names that method in its media type too.
CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"

# Cancelled hearings stay in the file so that calendars which already hold them update.
_EVENT_STATUS = {
    Hearing.Status.PLANNED: "CONFIRMED",
    Hearing.Status.HELD: "CONFIRMED",
    Hearing.Status.CANCELLED: "CANCELLED",
}


def portal_timezone() -> zoneinfo.ZoneInfo:
    """The time zone every date in the files is given in (settings.TIME_ZONE, Europe/Belgrade)."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


# Kosovo keeps the European Union's summer time (Directive 2000/84/EC): it begins on the last
# Sunday of March and ends on the last Sunday of October, both at 01:00 UTC, every year since 1996.
_SUMMER_TIME_SINCE = 1996
_SUMMER_TIME_BEGINS_MONTH = 3
_SUMMER_TIME_ENDS_MONTH = 10
_CHANGE_AT_UTC = datetime.time(1, 0)


def _last_sunday(year: int, month: int) -> datetime.date:
    first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = first_of_next - datetime.timedelta(days=1)
    return last_day - datetime.timedelta(days=(last_day.weekday() - 6) % 7)


def _observance(
    component: icalendar.TimezoneStandard | icalendar.TimezoneDaylight,
    month: int,
    offset_from: datetime.timedelta,
    offset_to: datetime.timedelta,
    name: str,
) -> icalendar.TimezoneStandard | icalendar.TimezoneDaylight:
    onset = datetime.datetime.combine(_last_sunday(_SUMMER_TIME_SINCE, month), _CHANGE_AT_UTC)
    # RFC 5545 3.6.5: the onset is given in the local time in force *before* it (02:00 in March).
    component.add("dtstart", onset + offset_from)
    component.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
    component.add("tzoffsetfrom", offset_from)
    component.add("tzoffsetto", offset_to)
    component.add("tzname", name)
    return component


def vtimezone(tz: zoneinfo.ZoneInfo) -> icalendar.Timezone:
    """The zone as a VTIMEZONE: its winter and summer offsets, changed by the EU's yearly rules.

    Not icalendar's Timezone.from_tzinfo(): it gives summer time's onset in the local time
    after the change (03:00 +0100, an hour late) and adds an English COMMENT. One STANDARD
    and one DAYLIGHT with RRULEs is also the form every calendar program reads.
    """
    winter = datetime.datetime(_SUMMER_TIME_SINCE, 1, 15, 12, tzinfo=tz)
    summer = datetime.datetime(_SUMMER_TIME_SINCE, 7, 15, 12, tzinfo=tz)
    component = icalendar.Timezone()
    component.add("tzid", tz.key)
    component.add_component(
        _observance(
            icalendar.TimezoneStandard(),
            _SUMMER_TIME_ENDS_MONTH,
            summer.utcoffset(),
            winter.utcoffset(),
            winter.tzname(),
        )
    )
    component.add_component(
        _observance(
            icalendar.TimezoneDaylight(),
            _SUMMER_TIME_BEGINS_MONTH,
            winter.utcoffset(),
            summer.utcoffset(),
            summer.tzname(),
        )
    )
    return component


def hearing_uid(hearing: Hearing) -> str:
    """A UID that stays the same for a hearing across downloads, languages and request hosts."""
    return f"hearing-{hearing.pk}@{portal_host()}"


def hearing_organizer(hearing: Hearing) -> icalendar.vCalAddress:
    """The municipality as ORGANIZER (RFC 5546 requires one in PUBLISH), at its address or the portal's."""
    municipality = hearing.plan.municipality
    organizer = icalendar.vCalAddress(f"mailto:{municipality.email or portal_mailbox()}")
    organizer.params["CN"] = icalendar.vText(localized(municipality, "name").text)
    return organizer


def calendar_name(municipality_name: str | None) -> str:
    """The name of the calendar of all consultations, in the active language."""
    if municipality_name:
        return _("Public consultations – %(municipality)s") % {"municipality": municipality_name}
    return _("Public consultations")


def build_calendar(
    hearings: Iterable[Hearing],
    *,
    name: str,
    stamp: datetime.datetime | None = None,
) -> icalendar.Calendar:
    """A VCALENDAR with one VEVENT per hearing and the VTIMEZONE its dates refer to."""
    stamp = stamp or timezone.now()
    tz = portal_timezone()

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Istog Consult//Public consultations//{get_language().upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.calendar_name = name  # NAME (RFC 7986) and X-WR-CALNAME
    cal.add("x-wr-timezone", tz.key)
    cal.add_component(vtimezone(tz))

    for hearing in hearings:
        cal.add_component(hearing_event(hearing, stamp=stamp))
    return cal


def hearing_event(hearing: Hearing, *, stamp: datetime.datetime) -> icalendar.Event:
    """One hearing as a VEVENT; expects place, directorate and plan__municipality to be selected with it."""
    tz = portal_timezone()
    event = icalendar.Event()
    event.add("uid", hearing_uid(hearing))
    event.add("dtstamp", stamp.astimezone(datetime.UTC))
    # Bumped on save when the time, place or status changes: calendars replace their copy.
    event.add("sequence", hearing.sequence)
    event.add("organizer", hearing_organizer(hearing))
    event.add("dtstart", hearing.starts_at.astimezone(tz))
    event.add("dtend", hearing.ends_at.astimezone(tz))
    event.add("summary", localized(hearing, "title").text)
    location = hearing_location(hearing)
    if location:
        event.add("location", location)
    topic = localized(hearing, "topic")
    if topic:
        event.add("description", topic.text)
    event.add("categories", [str(hearing.get_method_display())])
    event.add("url", absolute_url(hearing.get_absolute_url()))
    event.add("status", _EVENT_STATUS[hearing.status])
    event.add("last-modified", hearing.updated_at.astimezone(datetime.UTC))
    event.add("created", hearing.created_at.astimezone(datetime.UTC))
    return event


def hearing_location(hearing: Hearing) -> str:
    """The place's name (in Albanian when untranslated) and address, or "" when the hearing has no place."""
    if hearing.place is None:
        return ""
    return ", ".join(part for part in (localized(hearing.place, "name").text, hearing.place.address) if part)
