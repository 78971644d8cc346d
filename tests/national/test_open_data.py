"""The national open data: indicators as CSV and JSON, their data package (validated), the catalogue of everything."""

import csv
import io
import json
import pathlib
import subprocess
import sys

import frictionless
import pytest
from rdflib import RDF, Graph, Namespace, URIRef

from national.open_data import INDICATOR_NAMES

pytestmark = [
    pytest.mark.urls("istog_consult.platform_urls"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]
SITE_URL = "https://konsultime.example.org"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SPDX = Namespace("http://spdx.org/rdf/terms#")


def _rows(client, year: int = 2025) -> dict[str, dict]:
    response = client.get(f"/opendata/national-indicators-{year}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return {row["municipality"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}


def test_the_csv_has_a_row_per_municipality_with_exact_figures(national_year, client):
    rows = _rows(client)

    assert list(rows) == ["istog", "peja", "prizren"]
    istog, peja, prizren = rows["istog"], rows["peja"], rows["prizren"]
    assert (istog["source"], istog["report_version"], istog["participants"], istog["women_share"]) == (
        "published",
        "1",
        "40",
        "38",
    )
    assert (peja["source"], peja["report_version"], peja["women"], peja["men"], peja["median_answer_days"]) == (
        "provisional",
        "",
        "8",
        "2",
        "15",
    )
    assert (prizren["source"], prizren["consultations_held"], prizren["women_share"]) == ("no_plan", "", "")
    assert peja["standard_meetings_per_year"] == "failed"


def test_the_json_has_the_rows_totals_standards_and_trend(national_year, client):
    document = json.loads(client.get("/opendata/national-indicators-2025.json").content)

    assert [row["municipality"] for row in document["municipalities"]] == ["istog", "peja", "prizren"]
    assert document["totals"]["participants"] == 50
    assert document["totals"]["women_share"] == 46
    assert document["trend"] == [
        {
            "year": 2025,
            "with_plan": 2,
            "with_report": 1,
            "consultations_held": 3,
            "meetings_held": 3,
            "participants": 50,
            "women": 23,
            "men": 27,
            "women_share": 46,
            "requests_received": 4,
            "requests_answered": 3,
        }
    ]
    assert document["data_package"] == SITE_URL + "/opendata/national-datapackage-2025.json"


def _validate(client, folder: pathlib.Path) -> frictionless.Report:
    package = json.loads(client.get("/opendata/national-datapackage-2025.json").content)
    resource = package["resources"][0]
    assert resource["path"] == SITE_URL + "/opendata/national-indicators-2025.csv"
    (folder / "indicators.csv").write_bytes(client.get(resource["path"].removeprefix(SITE_URL)).content)
    resource["path"] = "indicators.csv"
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return frictionless.validate(str(folder / "datapackage.json"))


def test_the_data_package_describes_every_column_with_keys(national_year, client):
    package = json.loads(client.get("/opendata/national-datapackage-2025.json").content)

    schema = package["resources"][0]["schema"]
    assert [field["name"] for field in schema["fields"]] == list(INDICATOR_NAMES)
    types = {field["name"]: field["type"] for field in schema["fields"]}
    assert (types["women"], types["median_answer_days"], types["report_published_on"]) == ("integer", "number", "date")
    assert schema["primaryKey"] == ["municipality", "year"]
    assert schema["foreignKeys"] == [
        {"fields": "municipality", "reference": {"resource": "municipalities", "fields": "slug"}}
    ]


def test_the_data_package_validates_with_the_api_and_the_command(national_year, client, tmp_path):
    report = _validate(client, tmp_path)

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    command = pathlib.Path(sys.executable).parent / "frictionless"
    result = subprocess.run(  # noqa: S603 (the installed tool, the test's own file)
        [str(command), "validate", "--json", "datapackage.json"], cwd=tmp_path, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stdout.decode()
    assert json.loads(result.stdout)["valid"] is True


def test_validation_catches_a_municipality_the_package_does_not_know(national_year, client, tmp_path):
    _validate(client, tmp_path)
    content = (tmp_path / "indicators.csv").read_bytes()
    (tmp_path / "indicators.csv").write_bytes(content.replace(b"\r\npeja,", b"\r\nnowhere,"))

    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    assert not report.valid
    assert "foreign-key" in {error[0] for error in report.flatten(["type"])}


def test_the_catalogue_has_every_municipalitys_datasets_with_its_own_publisher(national_year, client):
    response = client.get("/opendata/catalog.jsonld")
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="json-ld")

    catalog = URIRef(SITE_URL + "/opendata/catalog.jsonld")
    assert (catalog, RDF.type, DCAT.Catalog) in graph
    datasets = set(graph.objects(catalog, DCAT.dataset))
    istog = URIRef("https://istog.example.org/opendata/hearings-2025")
    peja = URIRef("https://peja.example.org/opendata/hearings-2025")
    national = URIRef(SITE_URL + "/opendata/national-indicators-2025")
    assert {istog, peja, national} <= datasets
    assert not any("prizren" in str(dataset) for dataset in datasets)  # its plan is a draft
    istog_publisher = next(graph.objects(istog, DCTERMS.publisher))
    names = {str(name) for name in graph.objects(istog_publisher, FOAF.name)}
    assert "Komuna e Istogut" in names
    assert next(graph.objects(peja, DCTERMS.publisher)) != istog_publisher
    for dataset in (istog, peja, national):
        assert (dataset, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in graph
        assert list(graph.objects(dataset, DCTERMS.temporal))
        assert list(graph.objects(dataset, DCAT.distribution))
    report = URIRef("https://istog.example.org/sq/raportet/2025/")
    assert report in datasets
    checksums = [
        checksum
        for distribution in graph.objects(report, DCAT.distribution)
        for checksum in graph.objects(distribution, SPDX.checksum)
    ]
    assert len(checksums) == len(national_year["istog"].languages)  # the report's PDF in each language it offers
