"""schema.org Event data for a consultation's page, so search engines and calendars can find it.

The page embeds it as <script type="application/ld+json">. That element is a data block, not a
script: browsers never execute a <script> whose type is not a JavaScript MIME type, and a
Content-Security-Policy's script-src governs only scripts that would run, so a strict policy
(scripts only from 'self', no 'unsafe-inline', no hash) neither blocks nor reports it. Chromium is
checked for this under the portal's own policy (tests/browser/test_structured_data.py; the browser
tests fail on any reported violation), while the JSON stays readable by crawlers.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe

from web.addresses import absolute_url
from web.fallback import localized

from .models import Hearing

# The statuses schema.org knows: a held consultation stays "scheduled" (there is no "happened").
EVENT_STATUS = {
    Hearing.Status.PLANNED: "https://schema.org/EventScheduled",
    Hearing.Status.HELD: "https://schema.org/EventScheduled",
    Hearing.Status.CANCELLED: "https://schema.org/EventCancelled",
}
ONLINE_METHODS = {Hearing.Method.ONLINE, Hearing.Method.WRITTEN}
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
# Kosovo's ISO 3166 user-assigned code, the one in use (XK).
COUNTRY = "XK"

# What Django's json_script escapes, so the JSON cannot close the <script> element or open a comment.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def hearing_event(hearing: Hearing) -> dict[str, Any]:
    """The consultation as a schema.org Event, its texts in the active language."""
    municipality = hearing.plan.municipality
    page = absolute_url(hearing.get_absolute_url())
    online = hearing.method in ONLINE_METHODS
    municipality_name = localized(municipality, "name").text
    organizer: dict[str, Any] = {"@type": "GovernmentOrganization", "name": municipality_name}
    if municipality.website:
        organizer["url"] = municipality.website
    event: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": localized(hearing, "title").text,
        "description": localized(hearing, "topic").text,
        "startDate": _iso(hearing.starts_at),
        "endDate": _iso(hearing.ends_at),
        "eventStatus": EVENT_STATUS[hearing.status],
        "eventAttendanceMode": ONLINE if online and hearing.place is None else OFFLINE,
        "organizer": organizer,
        "inLanguage": translation.get_language() or settings.LANGUAGE_CODE,
        "url": page,
        "isAccessibleForFree": True,
    }
    if hearing.place is not None:
        address: dict[str, Any] = {
            "@type": "PostalAddress",
            "addressLocality": municipality_name,
            "addressCountry": COUNTRY,
        }
        if hearing.place.address:
            address["streetAddress"] = hearing.place.address
        event["location"] = {"@type": "Place", "name": localized(hearing.place, "name").text, "address": address}
    else:
        event["location"] = {"@type": "VirtualLocation", "url": page}
    return event


def as_script_content(data: dict[str, Any]) -> SafeString:
    """JSON for inside <script type="application/ld+json">, with <, > and & escaped as json_script does."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308 (escaped above)


def hearing_open_graph(hearing: Hearing) -> dict[str, str]:
    """What a shared link shows (Open Graph, as Facebook reads it): the title, the date and the municipality."""
    municipality_name = localized(hearing.plan.municipality, "name").text
    when = formats.date_format(timezone.localtime(hearing.starts_at), "DATETIME_FORMAT")
    topic = " ".join(localized(hearing, "topic").text.split())
    return {
        "title": localized(hearing, "title").text,
        "description": " · ".join(part for part in (when, municipality_name, topic[:200]) if part),
        "type": "article",
    }
