"""The Frictionless data package of a year: what the year's CSV holds, for a program to check.

A `datapackage.json` (Frictionless Data Package v1, https://specs.frictionlessdata.io/) names the
CSV by its absolute address (web.addresses.absolute_url, from settings.SITE_URL) and gives its
Table Schema: each column's type, format, unit and meaning, the codes a column may hold, and
the primary key. Without it a validator guesses the types from the rows, and guesses "any"
for a column that is still empty (the attendance of a year whose consultations are all ahead).

Built from exports.COLUMNS, the one description of the columns. Data first: `data_package`
returns a plain dictionary, the view only serialises it. It takes the plan and a function that
makes an address absolute, so a national view can build one for each municipality's year.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consultations.models import ConsultationPlan

from .exports import COLUMNS, DATA_LANGUAGE, LICENCE, AbsoluteUrl, Column

PROFILE = "tabular-data-package"
# How csv_lines writes: RFC 4180, a header line first (the Frictionless CSV Dialect).
CSV_DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}
# An empty cell is a missing value (attendance not recorded, no place): never a text "".
MISSING_VALUES = [""]


def table_field(column: Column) -> dict[str, Any]:
    """One column as a Table Schema field, described in the active language."""
    field: dict[str, Any] = {
        "name": column.name,
        "type": column.field_type,
        "format": column.field_format,
        "description": str(column.description),
    }
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.name == "id":
        constraints["unique"] = True
    if column.codes:
        constraints["enum"] = [code for code, _label in column.codes]
        field["description"] += " " + "; ".join(f"{code}: {label}" for code, label in column.codes)
    if column.unit:
        field["unit"] = column.unit
        constraints["minimum"] = 0
    if constraints:
        field["constraints"] = constraints
    return field


def hearings_schema() -> dict[str, Any]:
    """The Table Schema of the hearings CSV: every column in file order, keyed by the consultation's number."""
    return {
        "fields": [table_field(column) for column in COLUMNS],
        "missingValues": MISSING_VALUES,
        "primaryKey": ["id"],
    }


def municipality_name(plan: ConsultationPlan, language: str) -> str:
    """The municipality's name in a language (Albanian where it is not written in that one)."""
    with translation.override(language):
        return plan.municipality.name


def data_package(plan: ConsultationPlan, absolute_url: AbsoluteUrl) -> dict[str, Any]:
    """The data package of a published plan's year: its CSV as a tabular resource with its schema."""
    year = plan.year
    municipality = municipality_name(plan, translation.get_language() or DATA_LANGUAGE)
    csv_path = reverse("opendata:hearings-csv", kwargs={"year": year})
    return {
        "profile": PROFILE,
        "name": f"{plan.municipality.slug}-public-consultations-{year}",
        "id": absolute_url(reverse("opendata:datapackage", kwargs={"year": year})),
        "title": _("Public consultations of %(municipality)s in %(year)s")
        % {"municipality": municipality, "year": year},
        "description": _(
            "The consultations of the year's published plan, one row each, with the attendance of those held."
        ),
        "homepage": absolute_url(reverse("opendata-pages:opendata")),
        "licenses": [{"name": LICENCE["id"], "path": LICENCE["url"], "title": LICENCE["name"]}],
        "contributors": [
            {
                "title": municipality_name(plan, DATA_LANGUAGE),
                "role": "publisher",
                "path": absolute_url("/"),
            }
        ],
        # Not in the Data Package specification (which allows further properties): the language of
        # the data (the texts in the rows) and the period they cover.
        "languages": [DATA_LANGUAGE],
        "temporal": {"start": plan.start_date.isoformat(), "end": plan.end_date.isoformat()},
        "keywords": [_("public consultation"), str(year)],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": f"hearings-{year}",
                "path": absolute_url(csv_path),
                "title": _("Consultations (CSV)"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": CSV_DIALECT,
                "licenses": [{"name": LICENCE["id"], "path": LICENCE["url"], "title": LICENCE["name"]}],
                "schema": hearings_schema(),
            }
        ],
    }
