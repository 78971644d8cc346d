"""The catalogue of the portal's open data in DCAT-AP, as JSON-LD, for open-data portals to harvest.

One dcat:Catalog of the municipality; for each year with a published plan a dcat:Dataset of the
year's consultations (CSV, JSON and the data package as distributions), one of the year's plan
(JSON), and, once published, one of the annual report (the latest version's PDF in each
language, with its SHA-256: a published version never changes, see reports.models). The
consultation files change with every edit, so they carry no checksum.

Data first: `catalog_document` builds the JSON-LD dictionary from a municipality, its published
plans and its published reports; the view reads them in a constant number of queries. A
national catalogue can join every municipality's `year_datasets`.
DCAT-AP 3 (https://semiceu.github.io/DCAT-AP/releases/3.0.0/) names the properties used here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consultations.models import ConsultationPlan
from municipalities.models import Municipality
from reports.models import PublishedReport
from web.fallback import localized

from .exports import LICENCE, AbsoluteUrl

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
CONTENT_TYPE = "application/ld+json; charset=utf-8"

# The language tags of the literals (BCP 47) and the EU vocabulary's languages, per code of LANGUAGES.
LANGUAGE_TAGS = {"sq": "sq", "sr-latn": "sr-Latn", "sr": "sr-Cyrl", "bs": "bs", "tr": "tr", "en": "en"}
_EU = "http://publications.europa.eu/resource/authority/"
EU_LANGUAGES = {"sq": "SQI", "sr-latn": "SRP", "sr": "SRP", "bs": "BOS", "tr": "TUR", "en": "ENG"}
DATA_LANGUAGE_URI = _EU + "language/SQI"  # the rows' texts are in Albanian (exports.DATA_LANGUAGE)
THEME = _EU + "data-theme/GOVE"  # government and public sector
LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority"
CSV_FORMAT, JSON_FORMAT, PDF_FORMAT = (_EU + "file-type/" + name for name in ("CSV", "JSON", "PDF"))
SHA256 = "spdx:checksumAlgorithm_sha256"


def _media_type(name: str) -> dict[str, str]:
    return {"@id": f"https://www.iana.org/assignments/media-types/{name}"}


def in_every_language(text: Any) -> list[dict[str, str]]:
    """A text (a lazy translation or a function of the language) as one language-tagged literal per language."""
    literals = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            value = text(code) if callable(text) else str(text)
        literals.append({"@value": value, "@language": LANGUAGE_TAGS.get(code, code)})
    return literals


def _municipality_name(municipality: Municipality, language: str) -> str:
    with translation.override(language):
        return localized(municipality, "name").text


def publisher(municipality: Municipality, absolute_url: AbsoluteUrl) -> dict[str, Any]:
    """The municipality as a foaf:Agent, its name in every language."""
    return {
        "@id": _publisher_id(absolute_url),
        "@type": "foaf:Agent",
        "foaf:name": in_every_language(lambda code: _municipality_name(municipality, code)),
        "dct:type": {"@id": LOCAL_AUTHORITY},
        "foaf:homepage": {"@id": absolute_url("/")},
    }


def _date(value) -> dict[str, str]:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _period(plan: ConsultationPlan) -> dict[str, Any]:
    return {"@type": "dct:PeriodOfTime", "dcat:startDate": _date(plan.start_date), "dcat:endDate": _date(plan.end_date)}


def distribution(
    url: str,
    title: Any,
    media_type: str,
    file_format: str,
    *,
    checksum: str = "",
    size: int | None = None,
    language: str = "",
) -> dict[str, Any]:
    """One file of a dataset: where to get it, its type and licence, and its SHA-256 when it never changes."""
    item: dict[str, Any] = {
        "@id": url + "#distribution",
        "@type": "dcat:Distribution",
        "dct:title": in_every_language(title),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": _media_type(media_type),
        "dct:format": {"@id": file_format},
        "dct:license": {"@id": LICENCE["url"]},
    }
    if checksum:
        item["spdx:checksum"] = {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": SHA256},
            "spdx:checksumValue": {"@value": checksum, "@type": "xsd:hexBinary"},
        }
    if language:
        item["dct:language"] = {"@id": _EU + "language/" + EU_LANGUAGES[language]}
    if size is not None:
        item["dcat:byteSize"] = {"@value": str(size), "@type": "xsd:nonNegativeInteger"}
    return item


def _publisher_id(absolute_url: AbsoluteUrl) -> str:
    return absolute_url("/") + "#publisher"


def _dataset(
    identifier: str,
    plan: ConsultationPlan,
    texts: tuple[Any, Any],
    distributions: list[dict[str, Any]],
    absolute_url: AbsoluteUrl,
) -> dict[str, Any]:
    """A dataset of a plan's year; `texts` are its title (with %(municipality)s and %(year)s) and description."""
    municipality = plan.municipality
    title, description = texts
    dataset = {
        "@id": identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": identifier,
        "dct:title": in_every_language(
            lambda code: title() % {"municipality": _municipality_name(municipality, code), "year": plan.year}
        ),
        "dct:description": in_every_language(description),
        "dct:publisher": {"@id": _publisher_id(absolute_url)},
        "dct:license": {"@id": LICENCE["url"]},
        "dct:language": {"@id": DATA_LANGUAGE_URI},
        "dct:temporal": _period(plan),
        "dcat:theme": {"@id": THEME},
        "dcat:keyword": in_every_language(lambda code: _("public consultation")),
        "dcat:distribution": distributions,
    }
    if plan.published_at:
        dataset["dct:issued"] = _date(plan.published_at.date())
    return dataset


def _url(absolute_url: AbsoluteUrl, name: str, **kwargs: Any) -> str:
    return absolute_url(reverse(name, kwargs=kwargs))


def year_datasets(
    plan: ConsultationPlan, report: PublishedReport | None, absolute_url: AbsoluteUrl
) -> list[dict[str, Any]]:
    """The datasets of one published plan's year: its consultations, its plan and, once published, its report."""
    year = plan.year
    csv_url = _url(absolute_url, "opendata:hearings-csv", year=year)
    datasets = [
        _dataset(
            csv_url.rsplit(".", 1)[0],
            plan,
            (
                lambda: _("Public consultations of %(municipality)s in %(year)s"),
                lambda code: _(
                    "The consultations of the year's published plan, one row each, with the attendance of those held."
                ),
            ),
            [
                distribution(csv_url, lambda code: _("Consultations (CSV)"), "text/csv", CSV_FORMAT),
                distribution(
                    _url(absolute_url, "opendata:hearings-json", year=year),
                    lambda code: _("Consultations (JSON)"),
                    "application/json",
                    JSON_FORMAT,
                ),
                distribution(
                    _url(absolute_url, "opendata:datapackage", year=year),
                    lambda code: _("Data package (Frictionless)"),
                    "application/json",
                    JSON_FORMAT,
                ),
            ],
            absolute_url,
        ),
    ]
    plan_url = _url(absolute_url, "opendata:plan-json", year=year)
    datasets.append(
        _dataset(
            plan_url.rsplit(".", 1)[0],
            plan,
            (
                lambda: _("Annual plan of public consultations of %(municipality)s for %(year)s"),
                lambda code: _(
                    "The published plan: the consultations foreseen, who takes part, the methods and the budget."
                ),
            ),
            [distribution(plan_url, lambda code: _("Annual plan (JSON)"), "application/json", JSON_FORMAT)],
            absolute_url,
        )
    )
    if report is not None:
        files = []
        for item in report.files.all():
            with translation.override(item.language):
                path = reverse("reports:annual-report-version-pdf", kwargs={"year": year, "version": report.version})
            files.append(
                distribution(
                    absolute_url(path),
                    lambda code, language=item.language: (
                        _("Annual report (PDF, %(language)s)") % {"language": str(dict(settings.LANGUAGES)[language])}
                    ),
                    "application/pdf",
                    PDF_FORMAT,
                    checksum=item.sha256,
                    size=item.size,
                    language=item.language,
                )
            )
        identifier = _url(absolute_url, "reports:annual-report", year=year)
        datasets.append(
            _dataset(
                identifier,
                plan,
                (
                    lambda: _("Annual report on public consultations of %(municipality)s in %(year)s"),
                    lambda code: _(
                        "The year's figures as published in the latest version; a published PDF never changes, "
                        "its SHA-256 is given."
                    ),
                ),
                files,
                absolute_url,
            )
        )
    return datasets


def latest_reports(municipality: Municipality) -> dict[int, PublishedReport]:
    """The newest published version of each year's report, with its files, in two queries."""
    reports = (
        PublishedReport.objects.filter(municipality=municipality)
        .defer("snapshot")
        .prefetch_related("files")
        .order_by("year", "version")
    )
    return {report.year: report for report in reports}  # the last one of a year is its newest


def published_plans(municipality: Municipality) -> list[ConsultationPlan]:
    """The municipality's published plans, newest year first."""
    return list(ConsultationPlan.objects.published().filter(municipality=municipality).select_related("municipality"))


def catalog_document(
    municipality: Municipality,
    plans: Iterable[ConsultationPlan],
    reports: dict[int, PublishedReport],
    absolute_url: AbsoluteUrl,
) -> dict[str, Any]:
    """The DCAT-AP catalogue of the municipality's open data, every published year's datasets in it."""
    datasets = [dataset for plan in plans for dataset in year_datasets(plan, reports.get(plan.year), absolute_url)]
    return {
        "@context": CONTEXT,
        "@id": _url(absolute_url, "opendata:catalog"),
        "@type": "dcat:Catalog",
        "dct:title": in_every_language(
            lambda code: (
                _("Open data of the public consultations of %(municipality)s")
                % {"municipality": _municipality_name(municipality, code)}
            )
        ),
        "dct:description": in_every_language(
            lambda code: _(
                "The public consultations, annual plans and annual reports of the municipality, under CC BY 4.0."
            )
        ),
        "dct:publisher": publisher(municipality, absolute_url),
        "dct:license": {"@id": LICENCE["url"]},
        "dct:language": [{"@id": _EU + "language/" + EU_LANGUAGES[code]} for code, _name in settings.LANGUAGES],
        "foaf:homepage": {"@id": absolute_url(reverse("opendata-pages:opendata"))},
        "dcat:themeTaxonomy": {"@id": _EU + "data-theme"},
        "dcat:dataset": datasets,
    }
