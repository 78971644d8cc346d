"""The Frictionless data package of a year, validated with `frictionless` against the CSV the portal serves."""

import io
import json
import pathlib
import subprocess
import sys

import frictionless
import pytest
from django.core.management import call_command
from django.urls import reverse

from consultations.models import ConsultationPlan, Hearing
from opendata import exports
from tests import factories

SITE_URL = "https://konsultimet.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _package(client, year: int, **params) -> dict:
    response = client.get(reverse("opendata:datapackage", args=[year]), params)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(_body(response))


def _validate(client, year: int, folder: pathlib.Path) -> frictionless.Report:
    """Validate the served package against the served CSV, both saved to `folder` as a reuser would."""
    package = _package(client, year)
    for resource in package["resources"]:
        address = resource["path"]
        assert address.startswith(SITE_URL + "/opendata/")
        name = address.rsplit("/", 1)[1]
        (folder / name).write_bytes(_body(client.get(address.removeprefix(SITE_URL))))
        resource["path"] = name  # the same file, read from the folder instead of the network
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return frictionless.validate(str(folder / "datapackage.json"))


def _errors(report: frictionless.Report) -> list:
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_package_describes_the_years_csv_with_its_licence_publisher_and_period(client, plan):
    package = _package(client, 2025)

    assert package["profile"] == "tabular-data-package"
    assert package["name"] == "test-public-consultations-2025"
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International",
        }
    ]
    assert package["contributors"] == [{"title": "Komuna e Testit", "role": "publisher", "path": SITE_URL + "/"}]
    assert package["languages"] == ["sq"]
    assert package["temporal"] == {"start": "2025-01-01", "end": "2025-12-31"}
    (resource,) = package["resources"]
    assert resource["path"] == SITE_URL + "/opendata/hearings-2025.csv"
    assert (resource["format"], resource["mediatype"], resource["encoding"]) == ("csv", "text/csv", "utf-8")
    assert resource["dialect"]["lineTerminator"] == "\r\n"


def test_the_schema_gives_every_column_in_file_order_with_a_real_type(client, plan):
    schema = _package(client, 2025)["resources"][0]["schema"]

    assert [field["name"] for field in schema["fields"]] == list(exports.COLUMN_NAMES)
    types = {field["name"]: field["type"] for field in schema["fields"]}
    assert types == {
        "id": "integer",
        "title": "string",
        "start": "datetime",
        "end": "datetime",
        "place": "string",
        "place_kind": "string",
        "method": "string",
        "method_label": "string",
        "directorate": "string",
        "status": "string",
        "women": "integer",
        "men": "integer",
        "total": "integer",
        "url": "string",
    }
    fields = {field["name"]: field for field in schema["fields"]}
    assert schema["primaryKey"] == ["id"]
    assert schema["missingValues"] == [""]
    assert fields["women"]["unit"] == "people"
    assert fields["women"]["constraints"] == {"minimum": 0}
    assert fields["url"]["format"] == "uri"
    assert fields["status"]["constraints"] == {"required": True, "enum": ["planned", "held", "cancelled"]}
    assert fields["id"]["constraints"] == {"required": True, "unique": True}
    assert all(field["description"] for field in schema["fields"])


def test_the_descriptions_follow_the_requested_language(client, plan):
    english = _package(client, 2025, lang="en")
    serbian = _package(client, 2025, lang="sr-latn")

    assert english["title"] == "Public consultations of Komuna e Testit in 2025"
    assert english["resources"][0]["schema"]["fields"][0]["description"] == (
        "The consultation's number in the portal. It does not change."
    )
    assert (
        serbian["resources"][0]["schema"]["fields"][0]["description"]
        != (english["resources"][0]["schema"]["fields"][0]["description"])
    )
    assert client.get(reverse("opendata:datapackage", args=[2025]), {"lang": "xx"}).status_code == 400


def test_a_year_whose_attendance_is_not_recorded_yet_validates_with_integer_columns(client, municipality, tmp_path):
    """A year of consultations still ahead: a validator that infers would call women, men and total "any"."""
    plan_2026 = factories.PlanFactory(municipality=municipality, year=2026)
    factories.HearingFactory.create_batch(3, plan=plan_2026, status=Hearing.Status.PLANNED, women=None, men=None)

    report = _validate(client, 2026, tmp_path)

    assert report.valid, _errors(report)
    assert report.tasks[0].stats["rows"] == 3
    described = frictionless.Package(str(tmp_path / "datapackage.json")).resources[0].schema
    guessed = frictionless.describe(str(tmp_path / "hearings-2026.csv")).schema
    for name in ("women", "men", "total"):
        assert described.get_field(name).type == "integer"
        assert guessed.get_field(name).type == "any"  # what a validator made of the CSV alone


def test_a_year_without_rows_validates(client, plan, tmp_path):
    report = _validate(client, 2025, tmp_path)

    assert report.valid, _errors(report)
    assert report.tasks[0].stats.get("rows", 0) == 0


@pytest.mark.django_db
def test_the_2025_seed_data_validate_with_the_api_and_the_command(client, tmp_path):
    call_command("load_istog_2025", stdout=io.StringIO())

    report = _validate(client, 2025, tmp_path)

    assert report.valid, _errors(report)
    assert report.tasks[0].stats["rows"] >= 15
    # The same check a reuser runs: `frictionless validate datapackage.json`, installed next to this Python.
    command = pathlib.Path(sys.executable).parent / "frictionless"
    result = subprocess.run(  # noqa: S603 (the installed tool, the test's own file)
        [str(command), "validate", "--json", "datapackage.json"], cwd=tmp_path, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stdout.decode()
    assert json.loads(result.stdout)["valid"] is True


def test_validation_catches_a_csv_that_breaks_the_schema(client, plan, tmp_path):
    """The check is real: a count that is not a whole number is an error frictionless reports."""
    factories.HearingFactory(plan=plan, women=3, men=4)
    package = _package(client, 2025)
    csv_text = _body(client.get(reverse("opendata:hearings-csv", args=[2025]))).decode()
    header, row, _end = csv_text.split("\r\n")
    cells = row.split(",")
    cells[exports.COLUMN_NAMES.index("women")] = "tre"
    (tmp_path / "hearings-2025.csv").write_text(f"{header}\r\n{','.join(cells)}\r\n", encoding="utf-8")
    package["resources"][0]["path"] = "hearings-2025.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")

    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    assert not report.valid
    assert [(error[1], error[2]) for error in _errors(report)] == [("women", "type-error")]


def test_a_year_without_a_published_plan_has_no_package(client, municipality):
    factories.PlanFactory(municipality=municipality, year=2026, status=ConsultationPlan.Status.DRAFT)

    assert client.get(reverse("opendata:datapackage", args=[2026])).status_code == 404


@pytest.mark.parametrize("count", [1, 50])
def test_the_package_takes_a_constant_number_of_queries(client, plan, django_assert_max_num_queries, count):
    factories.HearingFactory.create_batch(count, plan=plan)

    with django_assert_max_num_queries(3):  # the municipality, the plan, the next clock boundary (page cache)
        assert client.get(reverse("opendata:datapackage", args=[2025])).status_code == 200


def test_the_package_is_cached_like_the_other_public_files(client, plan, settings):
    settings.PAGE_CACHE_SECONDS = 60
    url = reverse("opendata:datapackage", args=[2025])

    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    plan.end_date = plan.end_date.replace(month=6, day=30)
    plan.save()

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert json.loads(response.content)["temporal"]["end"] == "2025-06-30"
