"""The annual summary as JSON and back: what a published version freezes.

A published version keeps its figures as `AnnualSummary.to_dict()`-style data (one per
language, since labels are resolved while the summary is built); the public page turns
them back into an `AnnualSummary` and renders them through the same template as the
live report. The diff compares two summaries figure by figure.
"""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from dataclasses import dataclass
from functools import cache

from django.utils import formats
from django.utils.translation import gettext as _

from .summary import AnnualSummary

SNAPSHOT_FORMAT = 1


def summary_to_dict(summary: AnnualSummary) -> dict:
    """The summary as plain JSON-ready data (dates as ISO strings)."""
    return {"format": SNAPSHOT_FORMAT, **_encode(summary)}


def summary_from_dict(data: dict) -> AnnualSummary:
    """The summary a `summary_to_dict` call produced, rebuilt with its own types."""
    data = {key: value for key, value in data.items() if key != "format"}
    return _decode(AnnualSummary, data)


def dataclass_to_dict(value) -> dict:
    """Any frozen dataclass of plain figures as JSON-ready data (the national view freezes its own this way)."""
    return _encode(value)


def dataclass_from_dict(kind: type, data: dict):
    """The dataclass `kind` rebuilt from `dataclass_to_dict` data; fields added since keep their defaults."""
    return _decode(kind, data)


def _encode(value):
    if dataclasses.is_dataclass(value):
        return {item.name: _encode(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    return value


@cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _decode(kind, value):
    if value is None:
        return None
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        known = {item.name for item in dataclasses.fields(kind)}
        # Fields added after a version was frozen keep their defaults; unknown keys are ignored.
        return kind(**{name: _decode(hints[name], item) for name, item in value.items() if name in known})
    origin = typing.get_origin(kind)
    if origin is tuple:
        item_kind = typing.get_args(kind)[0]
        return tuple(_decode(item_kind, item) for item in value)
    if origin is typing.Union or origin is types.UnionType:
        options = [option for option in typing.get_args(kind) if option is not type(None)]
        return _decode(options[0], value)
    if kind is datetime.datetime:
        return datetime.datetime.fromisoformat(value)
    if kind is datetime.date:
        return datetime.date.fromisoformat(value)
    return value


@dataclass(frozen=True)
class Difference:
    """One figure that moved between two summaries."""

    label: str
    old: object
    new: object


def figures(summary: AnnualSummary) -> dict[str, tuple[str, object]]:
    """Every figure of the report under a stable key, with its label in the active language."""
    items: dict[str, tuple[str, object]] = {
        "held": (_("Consultations held"), summary.consultations_held),
        "women": (_("Women"), summary.women),
        "men": (_("Men"), summary.men),
        "total": (_("Participants in total"), summary.total),
        "requests_received": (_("Requests received"), summary.requests_received),
        "requests_open": (_("Requests not yet answered"), summary.requests_open),
        "without_place": (_("Consultations without a place"), summary.without_place),
    }
    # Whole sentences with placeholders: makemessages finds no gettext call inside an f-string.
    for row in summary.methods:
        label = {"method": row.label}
        items[f"method:{row.method}:held"] = (_("%(method)s: consultations held") % label, row.consultations)
        items[f"method:{row.method}:women"] = (_("%(method)s: women") % label, row.women)
        items[f"method:{row.method}:men"] = (_("%(method)s: men") % label, row.men)
    for row in summary.practice:
        label = {"method": row.label}
        items[f"practice:{row.method}:planned"] = (_("%(method)s: planned") % label, row.planned)
        items[f"practice:{row.method}:cancelled"] = (_("%(method)s: cancelled") % label, row.cancelled)
    for use in summary.channels:
        items[f"channel:{use.code}"] = (_("Announced through %(channel)s") % {"channel": use.name}, use.consultations)
    for use in summary.places:
        items[f"place:{use.kind}"] = (_("Consultations at %(place)s") % {"place": use.label}, use.consultations)
    for use in summary.answers:
        items[f"answer:{use.channel}"] = (_("Requests answered: %(channel)s") % {"channel": use.label}, use.requests)
    for row in summary.annex:
        key = f"annex:{row.date.isoformat()}:{row.topic}"
        label = _("%(date)s %(topic)s: women / men") % {"date": formats.date_format(row.date), "topic": row.topic}
        items[key] = (label, f"{row.women} / {row.men}")
    return items


def differences(old: AnnualSummary, new: AnnualSummary) -> list[Difference]:
    """The figures that differ between two summaries, in the report's order; '–' for a figure that is new or gone."""
    before, after = figures(old), figures(new)
    changed = []
    for key in dict.fromkeys([*before, *after]):
        old_value = before[key][1] if key in before else "–"
        new_value = after[key][1] if key in after else "–"
        if old_value != new_value:
            label = (after.get(key) or before[key])[0]
            changed.append(Difference(label=label, old=old_value, new=new_value))
    return changed
