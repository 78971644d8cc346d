"""The open data files, read back with csv.DictReader and json.loads as a reuser would."""

import csv
import datetime
import io
import json
import zoneinfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from consultations.models import ConsultationPlan, Hearing, Place
from opendata import exports
from reports.summary import build_annual_summary
from tests import factories

BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")
COLUMNS = [
    "id",
    "title",
    "start",
    "end",
    "place",
    "place_kind",
    "method",
    "method_label",
    "directorate",
    "status",
    "women",
    "men",
    "total",
    "url",
]


def _content(response) -> bytes:
    """The body of a response, streamed (the year's files) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = _content(response)
    assert not content.startswith(b"\xef\xbb\xbf"), "UTF-8 without a byte order mark"
    reader = csv.DictReader(io.StringIO(content.decode("utf-8"), newline=""))
    assert reader.fieldnames == COLUMNS
    return list(reader)


def _json(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(_content(response).decode("utf-8"))


@pytest.fixture
def year_hearings(plan):
    """A held hearing with Albanian letters, a cancelled one, an unpublished one and a summer online one."""
    directorate = factories.DirectorateFactory(municipality=plan.municipality, name="Drejtoria për Buxhet dhe Financa")
    hall = factories.PlaceFactory(
        municipality=plan.municipality, name="Salla e Kuvendit Komunal", kind=Place.Kind.ASSEMBLY_HALL
    )
    held = factories.HearingFactory(
        plan=plan,
        title="Dëgjim për çështjet e ujësjellësit",
        directorate=directorate,
        place=hall,
        women=12,
        men=30,
    )
    cancelled = factories.HearingFactory(
        plan=plan, title="Takim i anuluar", status=Hearing.Status.CANCELLED, women=None, men=None
    )
    summer = datetime.datetime(2025, 7, 1, 9, 0, tzinfo=BELGRADE)
    online = factories.HearingFactory(
        plan=plan,
        title="Publikim në uebfaqe",
        method=Hearing.Method.ONLINE,
        place=None,
        starts_at=summer,
        ends_at=summer + datetime.timedelta(days=14),
        women=5,
        men=None,
    )
    unpublished = factories.HearingFactory(plan=plan, title="Pa publikuar", is_published=False, women=100, men=100)
    return {"held": held, "cancelled": cancelled, "online": online, "unpublished": unpublished}


def test_csv_has_one_row_per_published_hearing_with_the_documented_columns(client, year_hearings):
    response = client.get(reverse("opendata:hearings-csv", args=[2025]))

    rows = _csv_rows(response)
    assert response["Content-Disposition"] == 'attachment; filename="hearings-2025.csv"'
    assert [row["title"] for row in rows] == [
        "Dëgjim për çështjet e ujësjellësit",
        "Takim i anuluar",
        "Publikim në uebfaqe",
    ]
    assert list(exports.COLUMN_NAMES) == COLUMNS


def test_csv_row_holds_the_hearing_in_albanian(client, year_hearings):
    held = year_hearings["held"]

    row = _csv_rows(client.get(reverse("opendata:hearings-csv", args=[2025])))[0]

    with translation.override("sq"):
        method_label = str(Hearing.Method.HEARING.label)
    assert row == {
        "id": str(held.pk),
        "title": "Dëgjim për çështjet e ujësjellësit",
        "start": "2025-03-10T10:00:00+01:00",
        "end": "2025-03-10T12:00:00+01:00",
        "place": "Salla e Kuvendit Komunal",
        "place_kind": "assembly_hall",
        "method": "hearing",
        "method_label": method_label,
        "directorate": "Drejtoria për Buxhet dhe Financa",
        "status": "held",
        "women": "12",
        "men": "30",
        "total": "42",
        "url": f"http://127.0.0.1:8000/sq/konsultimet/{held.pk}/{held.slug}/",
    }


def test_csv_leaves_unrecorded_attendance_and_missing_place_empty(client, year_hearings):
    rows = {row["title"]: row for row in _csv_rows(client.get(reverse("opendata:hearings-csv", args=[2025])))}

    cancelled, online = rows["Takim i anuluar"], rows["Publikim në uebfaqe"]
    assert (cancelled["status"], cancelled["women"], cancelled["men"], cancelled["total"]) == ("cancelled", "", "", "")
    assert (online["place"], online["place_kind"], online["women"], online["men"], online["total"]) == (
        "",
        "",
        "5",
        "",
        "5",
    )
    assert (online["start"], online["end"]) == ("2025-07-01T09:00:00+02:00", "2025-07-15T09:00:00+02:00")


def test_csv_is_in_albanian_whatever_the_visitors_language(client, year_hearings):
    client.cookies["django_language"] = "sr-latn"

    rows = _csv_rows(client.get(reverse("opendata:hearings-csv", args=[2025]), HTTP_ACCEPT_LANGUAGE="en"))

    assert rows[0]["title"] == "Dëgjim për çështjet e ujësjellësit"
    assert rows[0]["url"].startswith("http://127.0.0.1:8000/sq/")


def test_json_holds_the_same_rows_as_the_csv(client, year_hearings):
    document = _json(client.get(reverse("opendata:hearings-json", args=[2025])))
    csv_rows = _csv_rows(client.get(reverse("opendata:hearings-csv", args=[2025])))

    assert list(document) == [
        "municipality",
        "year",
        "licence",
        "columns",
        "hearings",
        "totals",
        "minimum_standards",
        "responses",
        "published_report",
    ]
    assert set(document["responses"]) == {
        "received",
        "accepted",
        "partly_accepted",
        "not_accepted",
        "answered",
        "without_response",
    }
    assert document["municipality"] == "Komuna e Testit"
    assert document["year"] == 2025
    assert document["licence"]["id"] == "CC-BY-4.0"
    assert document["columns"] == COLUMNS
    assert [list(row) for row in document["hearings"]] == [COLUMNS] * 3
    as_text = [{k: "" if v is None else str(v) for k, v in row.items()} for row in document["hearings"]]
    assert as_text == csv_rows
    cancelled = document["hearings"][1]
    assert (cancelled["women"], cancelled["men"], cancelled["total"]) == (None, None, None)
    assert document["hearings"][0]["women"] == 12


def test_json_keeps_albanian_letters_unescaped(client, year_hearings):
    response = client.get(reverse("opendata:hearings-json", args=[2025]))

    assert "Dëgjim për çështjet e ujësjellësit" in _content(response).decode("utf-8")


def test_json_totals_agree_with_the_annual_report(client, year_hearings):
    totals = _json(client.get(reverse("opendata:hearings-json", args=[2025])))["totals"]

    summary = build_annual_summary(2025, published_only=True)
    assert totals == {"women": summary.women, "men": summary.men, "total": summary.total}
    # The report counts the unpublished held hearing too; cancelled ones have no attendance.
    assert totals == {"women": 12 + 5 + 100, "men": 30 + 100, "total": 247}


@pytest.mark.parametrize("name", ["opendata:hearings-csv", "opendata:hearings-json", "opendata:plan-json"])
def test_a_year_without_a_published_plan_is_404(client, municipality, name):
    factories.PlanFactory(municipality=municipality, year=2026, status=ConsultationPlan.Status.DRAFT)

    for year in (2026, 2031):
        assert client.get(reverse(name, args=[year])).status_code == 404


def test_other_years_hearings_are_not_in_the_file(client, municipality, year_hearings):
    other = factories.PlanFactory(municipality=municipality, year=2024)
    factories.HearingFactory(plan=other, title="Dëgjim i vitit të kaluar")

    rows = _csv_rows(client.get(reverse("opendata:hearings-csv", args=[2025])))

    assert "Dëgjim i vitit të kaluar" not in {row["title"] for row in rows}
    assert len(_csv_rows(client.get(reverse("opendata:hearings-csv", args=[2024])))) == 1


@pytest.mark.parametrize("count", [5, 100])
@pytest.mark.parametrize("name", ["opendata:hearings-csv", "opendata:hearings-json"])
def test_hearing_files_take_a_constant_number_of_queries(client, plan, django_assert_max_num_queries, count, name):
    place = factories.PlaceFactory(municipality=plan.municipality)
    directorate = factories.DirectorateFactory(municipality=plan.municipality)
    factories.HearingFactory.create_batch(count, plan=plan, place=place, directorate=directorate)

    with django_assert_max_num_queries(14):  # the JSON's responses and minimum standards take 8 of them
        response = client.get(reverse(name, args=[2025]))
        body = _content(response).decode("utf-8")  # a streamed body queries as it is read

    assert response.status_code == 200
    assert body.count("Dëgjim publik") == count


def test_plan_json_has_every_field_lists_as_arrays_and_each_language(client, municipality):
    factories.PlanFactory(
        municipality=municipality,
        participants="Qytetarët e Komunës së Istogut\nOJQ-të\n- Grupet e interesit",
        participants_sr_latn="Građani opštine Istok\nNVO",
        purpose="Konsultimet Publike 2024",
        reporting_verbal=True,
        reporting_written=True,
        methods_verbal=True,
        responsible_officer_name="Ardon Arifaj",
    )

    response = client.get(reverse("opendata:plan-json", args=[2025]))
    document = _json(response)

    assert response["Content-Disposition"] == 'attachment; filename="plan-2025.json"'
    assert document["participants"] == {
        "sq": ["Qytetarët e Komunës së Istogut", "OJQ-të", "Grupet e interesit"],
        "sr-latn": ["Građani opštine Istok", "NVO"],
    }
    assert document["purpose"] == {"sq": "Konsultimet Publike 2024"}
    assert document["evaluation_areas"] == {}
    assert document["budget"] is None
    assert document["reporting_options"] == {"verbal": True, "written": True}
    assert document["consultation_methods"] == {"verbal": True, "written": False}
    assert (document["start_date"], document["end_date"]) == ("2025-01-01", "2025-12-31")
    assert document["responsible_officer"] == "Ardon Arifaj"
    assert document["licence"]["id"] == "CC-BY-4.0"
    for field in ConsultationPlan.LIST_FIELDS:
        assert all(isinstance(items, list) for items in document[field].values())
    assert set(exports.plan_translated_fields()) <= set(document)


def test_plan_json_gives_the_budget_as_a_decimal_string(client, municipality):
    factories.PlanFactory(municipality=municipality, budget="1500.50")

    assert _json(client.get(reverse("opendata:plan-json", args=[2025])))["budget"] == "1500.50"


@pytest.mark.django_db
def test_demo_data_files_add_up_to_the_published_report(client):
    call_command("load_istog_2025", stdout=io.StringIO())

    rows = _csv_rows(client.get(reverse("opendata:hearings-csv", args=[2025])))
    document = _json(client.get(reverse("opendata:hearings-json", args=[2025])))

    assert sum(int(row["women"] or 0) for row in rows) == 57
    assert sum(int(row["men"] or 0) for row in rows) == 210
    assert sum(row["women"] or 0 for row in document["hearings"]) == 57
    assert sum(row["men"] or 0 for row in document["hearings"]) == 210
    assert document["totals"] == {"women": 57, "men": 210, "total": 267}
    assert sum(row["status"] == "held" for row in rows) == 15
    summary = build_annual_summary(2025, published_only=True)
    assert document["totals"] == {"women": summary.women, "men": summary.men, "total": summary.total}


@pytest.mark.parametrize("name", ["opendata:hearings-csv", "opendata:hearings-json"])
def test_the_years_files_are_streamed_a_row_at_a_time(client, plan, name):
    factories.HearingFactory.create_batch(3, plan=plan)
    response = client.get(reverse(name, args=[2025]))
    assert response.streaming
    chunks = list(response.streaming_content)
    # Header, then one piece per row (and the JSON's closing parts): never the whole file at once.
    assert len(chunks) >= 4
    assert max(len(chunk) for chunk in chunks) < len(b"".join(chunks)) / 2


@pytest.mark.parametrize(
    "title",
    ['=HYPERLINK("http://example.org/x","Kliko")', "+1+2", "-2+3", "@SUM(A1:A2)", "\tTab", "\rCR"],
)
def test_a_csv_cell_that_would_start_a_formula_begins_with_an_apostrophe_and_the_json_is_untouched(client, plan, title):
    factories.HearingFactory(plan=plan, title=title)
    (row,) = _csv_rows(client.get(reverse("opendata:hearings-csv", args=[2025])))
    assert row["title"] == "'" + title
    (hearing,) = _json(client.get(reverse("opendata:hearings-json", args=[2025])))["hearings"]
    assert hearing["title"] == title


def test_a_csv_cell_with_a_formula_sign_inside_the_text_is_left_as_it_is(client, plan):
    factories.HearingFactory(plan=plan, title="Buxheti 2026 = 3 milionë")
    (row,) = _csv_rows(client.get(reverse("opendata:hearings-csv", args=[2025])))
    assert row["title"] == "Buxheti 2026 = 3 milionë"


def test_the_open_data_page_explains_the_apostrophe_in_csv_cells(client, db):
    with translation.override("en"):
        response = client.get(reverse("opendata-pages:opendata"))
    assert "begins with an apostrophe" in response.content.decode()
