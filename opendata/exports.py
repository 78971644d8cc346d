"""Open data: a year's published consultations as rows (CSV, JSON) and the published plan as JSON.

Data first, rendering second: the functions here build plain rows and dictionaries from
querysets; the views only serialise them. COLUMNS is the one description of the columns,
used both to write the files and to document them on the open data page.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from compliance.rules import check_year
from consultations.models import ConsultationPlan, Hearing, HearingQuerySet, Place
from outcomes.items import year_counts
from reports.annex import FullList
from reports.open_data import versions_document
from web.addresses import absolute_url as portal_url

from .calendar import portal_timezone

# Open data are published in the language of the source documents.
DATA_LANGUAGE = settings.LANGUAGE_CODE

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International",
    "id": "CC-BY-4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Column:
    """One column of the hearings files: its name, type and meaning, and its codes with their labels.

    `field_type`, `field_format`, `required` and `unit` describe it in the Frictionless Table
    Schema (opendata/datapackage.py): the type a validator checks, not one it guesses from the rows.
    """

    name: str
    type: Promise
    description: Promise
    codes: tuple[tuple[str, Promise], ...] = ()
    field_type: str = "string"
    field_format: str = "default"
    required: bool = False
    unit: str = ""


_INTEGER = _("whole number")
_TEXT = _("text")
_CODE = _("code")
_DATETIME = _("date and time (ISO 8601, with the offset from UTC)")
_URL = _("web address (URL)")
# The unit of the attendance counts, as the data package names it (not translated: a machine reads it).
PEOPLE = "people"

COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        _INTEGER,
        _("The consultation's number in the portal. It does not change."),
        field_type="integer",
        required=True,
    ),
    Column("title", _TEXT, _("The title, in Albanian."), required=True),
    Column(
        "start",
        _DATETIME,
        _("When the consultation starts, in Kosovo's local time."),
        field_type="datetime",
        required=True,
    ),
    Column(
        "end",
        _DATETIME,
        _("When it ends; for a written consultation, the end of the period for comments."),
        field_type="datetime",
        required=True,
    ),
    Column("place", _TEXT, _("Where it takes place, in Albanian; empty when there is no place (e.g. online).")),
    Column("place_kind", _CODE, _("The kind of place; empty when there is no place."), tuple(Place.Kind.choices)),
    Column("method", _CODE, _("The consultation method."), tuple(Hearing.Method.choices), required=True),
    Column("method_label", _TEXT, _("The consultation method, in Albanian."), required=True),
    Column("directorate", _TEXT, _("The organising directorate, in Albanian; empty when none is recorded.")),
    Column(
        "status",
        _CODE,
        _("Whether the consultation is upcoming, was held or was cancelled."),
        tuple(Hearing.Status.choices),
        required=True,
    ),
    Column(
        "women",
        _INTEGER,
        _("Women who took part; empty in CSV and null in JSON while attendance is not recorded."),
        field_type="integer",
        unit=PEOPLE,
    ),
    Column(
        "men",
        _INTEGER,
        _("Men who took part; empty in CSV and null in JSON while attendance is not recorded."),
        field_type="integer",
        unit=PEOPLE,
    ),
    Column(
        "total",
        _INTEGER,
        _("Women plus men; empty in CSV and null in JSON while attendance is not recorded."),
        field_type="integer",
        unit=PEOPLE,
    ),
    Column("url", _URL, _("The consultation's page on this portal, in Albanian."), field_format="uri", required=True),
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)

AbsoluteUrl = Callable[[str], str]


def published_hearings(plan: ConsultationPlan) -> HearingQuerySet:
    """The plan's published consultations: the rows of the open data files."""
    return Hearing.objects.published().in_year(plan.year).filter(plan=plan)


def attendance_totals(plan: ConsultationPlan) -> dict[str, int]:
    """Women, men and total at the plan's held consultations, counted as the annual report counts them."""
    # reports/summary.py counts every held hearing of the plan, its page published or
    # not; the open data say the same figures, so a held hearing whose page is still
    # unpublished is in the totals though not in the rows.
    return Hearing.objects.filter(plan=plan).held().attendance_totals()


def local_iso(moment: datetime.datetime) -> str:
    """A moment in the portal's time zone as ISO 8601 with its offset (2025-03-10T10:00:00+01:00)."""
    return moment.astimezone(portal_timezone()).isoformat(timespec="seconds")


# Rows are read from the database this many at a time: a city's year of consultations is
# streamed to the client with memory that does not grow with the number of rows.
CHUNK_SIZE = 500


def hearing_rows(plan: ConsultationPlan, absolute_url: AbsoluteUrl) -> Iterator[dict[str, Any]]:
    """One row per published consultation of the plan, soonest first, keyed by COLUMN_NAMES.

    The first chunk is read at once, in the view: a database that is gone then answers 503
    (operations.outage) instead of cutting a 200 short after its first line. Later chunks
    (more than CHUNK_SIZE rows) are read while the body streams; an outage then ends the body early.
    """
    hearings = published_hearings(plan).select_related("place", "directorate").order_by("starts_at", "pk")
    chunks = hearings.iterator(chunk_size=CHUNK_SIZE)
    first = list(itertools.islice(chunks, 1))
    return _rows(itertools.chain(first, chunks), absolute_url)


def _rows(hearings: Iterator[Hearing], absolute_url: AbsoluteUrl) -> Iterator[dict[str, Any]]:
    with translation.override(DATA_LANGUAGE):
        for hearing in hearings:
            yield hearing_row(hearing, absolute_url)


def hearing_row(hearing: Hearing, absolute_url: AbsoluteUrl) -> dict[str, Any]:
    """One consultation as a row; texts in the active language (the caller sets Albanian)."""
    place = hearing.place
    return {
        "id": hearing.pk,
        "title": hearing.title,
        "start": local_iso(hearing.starts_at),
        "end": local_iso(hearing.ends_at),
        "place": place.name if place else "",
        "place_kind": place.kind if place else "",
        "method": hearing.method,
        "method_label": str(hearing.get_method_display()),
        "directorate": hearing.directorate.name if hearing.directorate else "",
        "status": hearing.status,
        "women": hearing.women,
        "men": hearing.men,
        "total": hearing.total_attendance,
        "url": absolute_url(hearing.get_absolute_url()),
    }


def responses_document(plan: ConsultationPlan) -> dict[str, int]:
    counts = year_counts(plan.municipality, plan.year)
    return {
        "received": counts.received,
        "accepted": counts.accepted,
        "partly_accepted": counts.partial,
        "not_accepted": counts.rejected,
        "answered": counts.answered,
        "without_response": counts.without_response,
    }


def hearings_document(plan: ConsultationPlan, absolute_url: AbsoluteUrl) -> dict[str, Any]:
    """The JSON document of a year: its rows, and attendance totals of the held consultations.

    The rows are an iterator: `json_chunks` writes them one at a time.
    """
    with translation.override(DATA_LANGUAGE):
        municipality = plan.municipality.name
    return {
        "municipality": municipality,
        "year": plan.year,
        "licence": LICENCE,
        "columns": list(COLUMN_NAMES),
        "hearings": hearing_rows(plan, absolute_url),
        "totals": attendance_totals(plan),
        # Each minimum standard's status for the year, with how many items are at risk or failed.
        "minimum_standards": [result.as_data() for result in check_year(plan.municipality, plan.year)],
        # The year's comments and requests by the municipality's response (outcomes).
        "responses": responses_document(plan),
        # The annual report's published versions with the SHA-256 of each PDF (null before the first).
        "published_report": versions_document(plan.municipality, plan.year, absolute_url),
    }


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) in a title).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value safe to put in a CSV cell: empty for None, text that could start a formula behind a "'".

    OWASP's advice against CSV injection; the JSON files keep the text as it is.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _dumps(value: Any, indent: int) -> str:
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + " " * indent)


def json_chunks(document: dict[str, Any]) -> Iterator[str]:
    """The document as indented JSON text, piece by piece; an iterator value becomes a list written row by row."""
    yield "{"
    for position, (key, value) in enumerate(document.items()):
        yield ("," if position else "") + "\n  " + json.dumps(key) + ": "
        if isinstance(value, Iterator):
            yield "["
            empty = True
            for row in value:
                yield ("\n    " if empty else ",\n    ") + _dumps(row, 4)
                empty = False
            yield "]" if empty else "\n  ]"
        else:
            yield _dumps(value, 2)
    yield "\n}\n"


class _Line:
    """A file-like object whose write() hands back the line, for csv.writer to stream."""

    def write(self, line: str) -> str:
        return line


def csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The rows as CSV lines (RFC 4180: comma, double quotes, CRLF), a header line first."""
    writer = csv.DictWriter(_Line(), fieldnames=COLUMN_NAMES)
    yield writer.writerow(dict(zip(COLUMN_NAMES, COLUMN_NAMES, strict=True)))
    for row in rows:
        yield writer.writerow({name: csv_cell(value) for name, value in row.items()})


def plan_translated_fields() -> list[str]:
    """The plan's fields staff write per language, in the model's order."""
    translated = set(translator.get_options_for_model(ConsultationPlan).get_field_names())
    return [field.name for field in ConsultationPlan._meta.concrete_fields if field.name in translated]


def _per_language(plan: ConsultationPlan, field: str, as_list: bool) -> dict[str, Any]:
    """The field in every language where it is filled in, keyed by language code."""
    values: dict[str, Any] = {}
    # The languages staff write in (Serbian Cyrillic is the Serbian Latin text, transliterated).
    for code in settings.MODELTRANSLATION_LANGUAGES:
        localized = build_localized_fieldname(field, code)
        if as_list:
            items = plan.items(localized)
            if items:
                values[code] = items
        else:
            text = (getattr(plan, localized, "") or "").strip()
            if text:
                values[code] = text
    return values


def plan_document(plan: ConsultationPlan, absolute_url: AbsoluteUrl) -> dict[str, Any]:
    """Every public field of a published plan; texts per language, one-a-line fields as arrays."""
    with translation.override(DATA_LANGUAGE):
        document: dict[str, Any] = {
            "municipality": plan.municipality.name,
            "year": plan.year,
            "licence": LICENCE,
            "url": absolute_url(plan.get_absolute_url()),
            "report_url": absolute_url(reverse("reports:annual-report", kwargs={"year": plan.year})),
            "hearings_url": absolute_url(reverse("opendata:hearings-json", kwargs={"year": plan.year})),
            "start_date": plan.start_date.isoformat(),
            "end_date": plan.end_date.isoformat(),
            # null means the plan says the budget is undetermined.
            "budget": None if plan.budget is None else str(plan.budget),
            "budget_currency": "EUR",
            "responsible_officer": plan.responsible_officer_name,
            "reporting_options": {"verbal": plan.reporting_verbal, "written": plan.reporting_written},
            "consultation_methods": {"verbal": plan.methods_verbal, "written": plan.methods_written},
            "published_at": local_iso(plan.published_at) if plan.published_at else None,
            "updated_at": local_iso(plan.updated_at),
        }
    for field in plan_translated_fields():
        document[field] = _per_language(plan, field, as_list=field in ConsultationPlan.LIST_FIELDS)
    return document


def full_list(municipality, year: int) -> FullList | None:
    """The year's CSV address and the SHA-256 of its bytes now, for the printed report's annex; None without a plan."""
    plan = ConsultationPlan.objects.published().filter(municipality=municipality, year=year).first()
    if plan is None:
        return None
    digest = hashlib.sha256()
    for line in csv_lines(hearing_rows(plan, portal_url)):
        digest.update(line.encode("utf-8"))  # the bytes the CSV view streams (UTF-8, no BOM)
    return FullList(url=portal_url(reverse("opendata:hearings-csv", kwargs={"year": year})), sha256=digest.hexdigest())
