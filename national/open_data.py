"""The national open data: the indicators of a year (CSV, JSON), their data package, and the catalogue.

Data first: every function here turns a `NationalFigures` (or the plans and reports of every
municipality) into rows and dictionaries; the views only serialise them. INDICATORS is the one
description of the CSV's columns, used to write the file and its Table Schema.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compliance.rules import Status
from consultations.models import ConsultationPlan
from municipalities.models import Municipality
from municipalities.scoping import every_municipality
from opendata import catalog
from opendata.datapackage import CSV_DIALECT, MISSING_VALUES, PROFILE, table_field
from opendata.exports import DATA_LANGUAGE, LICENCE, PEOPLE, AbsoluteUrl, Column
from reports.models import PublishedReport

from .figures import (
    SOURCES,
    STANDARD_CODES,
    MunicipalityRow,
    NationalFigures,
    portal_url,
    portal_urls,
)
from .models import NationalReport

CATALOG_TYPE = catalog.CONTENT_TYPE
_INTEGER = gettext_lazy("whole number")
_NUMBER = gettext_lazy("number")
_TEXT = gettext_lazy("text")
_CODE = gettext_lazy("code")
_DATE = gettext_lazy("date (ISO 8601)")
STANDARD_STATUSES = (Status.PASSED, Status.AT_RISK, Status.FAILED, Status.NOT_CHECKED, Status.OFF)


def _standard_column(code: str) -> Column:
    return Column(
        f"standard_{code}",
        _CODE,
        gettext_lazy("The minimum standard's status (compliance rule “%(rule)s”); empty when not checked.")
        % {"rule": code},
        tuple((status, status) for status in STANDARD_STATUSES),
    )


INDICATORS: tuple[Column, ...] = (
    Column("municipality", _CODE, gettext_lazy("The municipality's short name."), required=True),
    Column("municipality_name", _TEXT, gettext_lazy("The municipality's name, in Albanian."), required=True),
    Column("year", _INTEGER, gettext_lazy("The year of the figures."), field_type="integer", required=True),
    Column(
        "source",
        _CODE,
        gettext_lazy(
            "Where the figures come from: the published annual report, the records to date (provisional), "
            "or no published plan."
        ),
        tuple((source, source) for source in SOURCES),
        required=True,
    ),
    Column(
        "report_version",
        _INTEGER,
        gettext_lazy("The version of the annual report the figures come from; empty when none is published."),
        field_type="integer",
    ),
    Column("report_published_on", _DATE, gettext_lazy("When that version was published."), field_type="date"),
    Column("plan_published_on", _DATE, gettext_lazy("When the year's plan was published."), field_type="date"),
    Column(
        "consultations_held",
        _INTEGER,
        gettext_lazy("Consultations held."),
        field_type="integer",
        unit="consultations",
    ),
    Column(
        "meetings_held",
        _INTEGER,
        gettext_lazy("Public meetings held (public hearings and meetings with citizens)."),
        field_type="integer",
        unit="meetings",
    ),
    Column(
        "meetings_required",
        _INTEGER,
        gettext_lazy("Public meetings the law asks for in a year."),
        field_type="integer",
        unit="meetings",
    ),
    Column("participants", _INTEGER, gettext_lazy("People who took part."), field_type="integer", unit=PEOPLE),
    Column("women", _INTEGER, gettext_lazy("Women who took part."), field_type="integer", unit=PEOPLE),
    Column("men", _INTEGER, gettext_lazy("Men who took part."), field_type="integer", unit=PEOPLE),
    Column(
        "women_share",
        _INTEGER,
        gettext_lazy("Women's share of the people who took part, rounded; empty when nobody took part."),
        field_type="integer",
        unit="percent",
    ),
    Column(
        "comments",
        _INTEGER,
        gettext_lazy("Written comments published on the year's consultations (figures to date)."),
        field_type="integer",
        unit="comments",
    ),
    Column(
        "requests_received",
        _INTEGER,
        gettext_lazy("Citizens' requests received."),
        field_type="integer",
        unit="requests",
    ),
    Column(
        "requests_answered",
        _INTEGER,
        gettext_lazy("Citizens' requests answered."),
        field_type="integer",
        unit="requests",
    ),
    Column(
        "median_answer_days",
        _NUMBER,
        gettext_lazy("Median days from a request to its answer (figures to date); empty without answers."),
        field_type="number",
        unit="days",
    ),
    Column(
        "standards_passed",
        _INTEGER,
        gettext_lazy("Minimum standards passed."),
        field_type="integer",
        unit="standards",
    ),
    Column(
        "standards_checked",
        _INTEGER,
        gettext_lazy("Minimum standards checked (passed, at risk or failed)."),
        field_type="integer",
        unit="standards",
    ),
    *(_standard_column(code) for code in STANDARD_CODES),
)
INDICATOR_NAMES = tuple(column.name for column in INDICATORS)


def indicator_row(row: MunicipalityRow) -> dict[str, Any]:
    """One municipality's figures, keyed by INDICATOR_NAMES; figures it does not have are None."""
    counted = row.has_plan
    data: dict[str, Any] = {
        "municipality": row.slug,
        "municipality_name": row.name,
        "year": row.year,
        "source": row.source,
        "report_version": row.report_version,
        "report_published_on": row.report_published_on,
        "plan_published_on": row.plan_published_on,
        "consultations_held": row.consultations_held if counted else None,
        "meetings_held": row.meetings_held if counted else None,
        "meetings_required": row.meetings_required,
        "participants": row.participants if counted else None,
        "women": row.women if counted else None,
        "men": row.men if counted else None,
        "women_share": row.women_share,
        "comments": row.comments if counted else None,
        "requests_received": row.requests_received if counted else None,
        "requests_answered": row.requests_answered if counted else None,
        "median_answer_days": row.median_answer_days,
        "standards_passed": row.standards_passed,
        "standards_checked": row.standards_checked,
    }
    for code in STANDARD_CODES:
        standard = row.standard(code)
        data[f"standard_{code}"] = standard.status if standard else None
    return data


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a median of 15 days, not 15.0
    return str(value)


def indicators_csv(figures: NationalFigures) -> str:
    """The year's indicators as CSV (RFC 4180, a header line, names in Albanian)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(INDICATOR_NAMES)
    for row in figures.rows:
        data = indicator_row(row)
        writer.writerow([_cell(data[name]) for name in INDICATOR_NAMES])
    return out.getvalue()


def indicators_document(figures: NationalFigures, absolute_url: AbsoluteUrl) -> dict[str, Any]:
    """The year's indicators as JSON: the rows, the national totals, the standards and the trend."""
    totals = figures.totals
    return {
        "year": figures.year,
        "licence": LICENCE,
        "generated_at": figures.generated_at,
        "data_package": absolute_url(reverse("national-data:datapackage", kwargs={"year": figures.year})),
        "municipalities": [indicator_row(row) for row in figures.rows],
        "totals": {
            "municipalities": totals.municipalities,
            "with_plan": totals.with_plan,
            "with_report": totals.with_report,
            "consultations_held": totals.consultations_held,
            "meetings_held": totals.meetings_held,
            "meetings_minimum_met": totals.meetings_minimum_met,
            "participants": totals.participants,
            "women": totals.women,
            "men": totals.men,
            "women_share": totals.women_share,
            "comments": figures.comments,
            "requests_received": totals.requests_received,
            "requests_answered": totals.requests_answered,
            "median_answer_days": figures.median_answer_days,
        },
        "minimum_standards": [
            {"rule": total.code, "passed": total.passed, "at_risk": total.at_risk, "failed": total.failed}
            for total in figures.standards
        ],
        "trend": [
            {
                "year": item.year,
                "with_plan": item.with_plan,
                "with_report": item.with_report,
                "consultations_held": item.consultations_held,
                "meetings_held": item.meetings_held,
                "participants": item.participants,
                "women": item.women,
                "men": item.men,
                "women_share": item.women_share,
                "requests_received": item.requests_received,
                "requests_answered": item.requests_answered,
            }
            for item in figures.trend
        ],
    }


# --- The data package -------------------------------------------------------------------------------


def indicators_schema() -> dict[str, Any]:
    """The Table Schema of the national CSV: a row per municipality and year, the municipality a foreign key."""
    fields = [table_field(column) for column in INDICATORS]
    for field in fields:
        if field["name"] == "municipality":
            field.setdefault("constraints", {})["unique"] = True
    return {
        "fields": fields,
        "missingValues": MISSING_VALUES,
        "primaryKey": ["municipality", "year"],
        "foreignKeys": [
            {"fields": "municipality", "reference": {"resource": "municipalities", "fields": "slug"}},
        ],
    }


def _municipalities_resource(municipalities: list[Municipality]) -> dict[str, Any]:
    """The municipalities as an inline table: what the indicators' foreign key points at."""
    rows: list[list[str]] = [["slug", "name"]]  # inline data: the header row first
    with translation.override(DATA_LANGUAGE):
        rows += [[municipality.slug, municipality.name] for municipality in municipalities]
    return {
        "profile": "tabular-data-resource",
        "name": "municipalities",
        "title": _("Municipalities"),
        "data": rows,
        "schema": {
            "fields": [
                {
                    "name": "slug",
                    "type": "string",
                    "description": str(_("The municipality's short name.")),
                    "constraints": {"required": True, "unique": True},
                },
                {"name": "name", "type": "string", "description": str(_("The municipality's name, in Albanian."))},
            ],
            "primaryKey": ["slug"],
        },
    }


def data_package(year: int, absolute_url: AbsoluteUrl) -> dict[str, Any]:
    """The data package of the year's national indicators: the CSV with its schema, and the municipalities."""
    with every_municipality("the national data package lists every municipality"):
        municipalities = list(Municipality.objects.order_by("name", "pk"))
    licences = [{"name": LICENCE["id"], "path": LICENCE["url"], "title": LICENCE["name"]}]
    csv_path = reverse("national-data:indicators-csv", kwargs={"year": year})
    return {
        "profile": PROFILE,
        "name": f"national-public-consultations-{year}",
        "id": absolute_url(reverse("national-data:datapackage", kwargs={"year": year})),
        "title": _("Public consultations in the municipalities, %(year)s") % {"year": year},
        "description": _(
            "A row per municipality: consultations and public meetings held, who took part, the answers to "
            "citizens and the minimum standards, from each municipality's published annual report or, "
            "where there is none, provisional."
        ),
        "licenses": licences,
        "languages": [DATA_LANGUAGE],
        "temporal": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "keywords": [_("public consultation"), str(year)],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "indicators",
                "path": absolute_url(csv_path),
                "title": _("National indicators (CSV)"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": CSV_DIALECT,
                "licenses": licences,
                "schema": indicators_schema(),
            },
            _municipalities_resource(municipalities),
        ],
    }


# --- The catalogue --------------------------------------------------------------------------------


def municipality_address(municipality: Municipality):
    """The function that makes a path absolute on the municipality's own portal."""
    base = portal_url(municipality)
    if not base.startswith(("http://", "https://")):
        base = settings.SITE_URL
    base = base.rstrip("/")
    return lambda path: path if path.startswith(("http://", "https://")) else base + path


def _national_datasets(years: list[int], reports: dict[int, NationalReport], absolute_url: AbsoluteUrl) -> list:
    datasets = []
    for year in years:
        csv_url = absolute_url(reverse("national-data:indicators-csv", kwargs={"year": year}))
        distributions = [
            catalog.distribution(csv_url, lambda code: _("National indicators (CSV)"), "text/csv", catalog.CSV_FORMAT),
            catalog.distribution(
                absolute_url(reverse("national-data:indicators-json", kwargs={"year": year})),
                lambda code: _("National indicators (JSON)"),
                "application/json",
                catalog.JSON_FORMAT,
            ),
            catalog.distribution(
                absolute_url(reverse("national-data:datapackage", kwargs={"year": year})),
                lambda code: _("Data package (Frictionless)"),
                "application/json",
                catalog.JSON_FORMAT,
            ),
        ]
        report = reports.get(year)
        if report is not None:
            for item in report.files.all():
                with translation.override(item.language):
                    path = reverse(
                        "national:national-report-version-pdf", kwargs={"year": year, "version": report.version}
                    )
                distributions.append(
                    catalog.distribution(
                        absolute_url(path),
                        lambda code, language=item.language: (
                            _("National report (PDF, %(language)s)")
                            % {"language": str(dict(settings.LANGUAGES).get(language, language))}
                        ),
                        "application/pdf",
                        catalog.PDF_FORMAT,
                        checksum=item.sha256,
                        size=item.size,
                        language=item.language if item.language in catalog.EU_LANGUAGES else "",
                    )
                )
        datasets.append(
            {
                "@id": csv_url.rsplit(".", 1)[0],
                "@type": "dcat:Dataset",
                "dct:identifier": csv_url.rsplit(".", 1)[0],
                "dct:title": catalog.in_every_language(
                    lambda code, year=year: _("Public consultations in the municipalities, %(year)s") % {"year": year}
                ),
                "dct:description": catalog.in_every_language(
                    lambda code: _(
                        "A row per municipality, from its published annual report or, where there is none, provisional."
                    )
                ),
                "dct:publisher": {"@id": absolute_url("/") + "#publisher"},
                "dct:license": {"@id": LICENCE["url"]},
                "dct:language": {"@id": catalog.DATA_LANGUAGE_URI},
                "dct:temporal": {
                    "@type": "dct:PeriodOfTime",
                    "dcat:startDate": {"@value": f"{year}-01-01", "@type": "xsd:date"},
                    "dcat:endDate": {"@value": f"{year}-12-31", "@type": "xsd:date"},
                },
                "dcat:theme": {"@id": catalog.THEME},
                "dcat:keyword": catalog.in_every_language(lambda code: _("public consultation")),
                "dcat:distribution": distributions,
            }
        )
    return datasets


def national_catalog(absolute_url: AbsoluteUrl) -> dict[str, Any]:
    """One DCAT-AP catalogue of every municipality's datasets (each with its own publisher) and the national ones."""
    with every_municipality("the national catalogue lists every municipality's datasets"):
        plans = list(
            ConsultationPlan.objects.published().select_related("municipality").order_by("municipality", "-year")
        )
        reports: dict[tuple[int, int], PublishedReport] = {}
        for report in PublishedReport.objects.defer("snapshot").prefetch_related("files").order_by("year", "version"):
            reports[report.municipality_id, report.year] = report  # the last of a year is its newest
        national_reports: dict[int, NationalReport] = {}
        for report in NationalReport.objects.defer("snapshot").prefetch_related("files").order_by("year", "version"):
            national_reports[report.year] = report
        datasets = []
        with portal_urls():
            for plan in plans:
                municipality = plan.municipality
                # Each municipality's datasets on its own portal, with the municipality as their publisher.
                address = municipality_address(municipality)
                publisher = catalog.publisher(municipality, address)
                for dataset in catalog.year_datasets(plan, reports.get((municipality.pk, plan.year)), address):
                    dataset["dct:publisher"] = publisher
                    datasets.append(dataset)
    years = sorted({plan.year for plan in plans}, reverse=True)
    own = {
        "@id": absolute_url("/") + "#publisher",
        "@type": "foaf:Agent",
        "foaf:name": catalog.in_every_language(lambda code: "Istog Consult"),
        "foaf:homepage": {"@id": absolute_url("/")},
    }
    return {
        "@context": catalog.CONTEXT,
        "@id": absolute_url(reverse("national-data:catalog")),
        "@type": "dcat:Catalog",
        "dct:title": catalog.in_every_language(
            lambda code: _("Open data of the public consultations of the municipalities")
        ),
        "dct:description": catalog.in_every_language(
            lambda code: _(
                "Every municipality's public consultations, annual plans and annual reports, and the national "
                "indicators, under CC BY 4.0."
            )
        ),
        "dct:publisher": own,
        "dct:license": {"@id": LICENCE["url"]},
        "dct:language": [
            {"@id": catalog._EU + "language/" + catalog.EU_LANGUAGES[code]}
            for code, _name in settings.LANGUAGES
            if code in catalog.EU_LANGUAGES
        ],
        "foaf:homepage": {"@id": absolute_url("/")},
        "dcat:themeTaxonomy": {"@id": catalog._EU + "data-theme"},
        "dcat:dataset": [*_national_datasets(years, national_reports, absolute_url), *datasets],
    }
