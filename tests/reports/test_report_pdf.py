"""The annual report as a PDF download: headers, figures in the text, fixed query count."""

import io
import logging
import re

import pytest
from django.test import TestCase
from django.utils import formats, timezone, translation
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from consultations.models import Hearing
from reports.models import ProvisionalReportFile
from reports.pdf import LocalFilesFetcher, render_pdf, static_roots
from reports.provisional import render_provisional_report
from reports.summary import build_annual_summary
from tests.factories import HearingFactory, MunicipalityFactory, PlanFactory, channel
from tests.reports.conftest import provisional_pdf


def pdf_text(content: bytes) -> str:
    """The text of every page, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def istog_2025(db):
    municipality = MunicipalityFactory(name="Komuna e Istogut", name_sr_latn="Opština Istok", slug="istog")
    plan = PlanFactory(municipality=municipality)
    HearingFactory(plan=plan, women=12, men=31, announced_via=[channel("website")])
    HearingFactory(plan=plan, method=Hearing.Method.CITIZENS, women=7, men=19, announced_via=[channel("website")])
    return plan


def test_pdf_is_an_attachment_named_for_the_year(client, istog_2025):
    response = provisional_pdf(client, "/sq/raportet/2025/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="raporti-konsultimeve-publike-2025.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_pdf_text_carries_the_municipality_and_the_exact_figures(client, istog_2025):
    text = pdf_text(provisional_pdf(client, "/en/raportet/2025/pdf/").content)

    assert "Komuna e Istogut" in text
    assert "Komuna e Istogut held a total of 2 public consultations with citizens." in text
    assert "They were attended by 69 participants: 19 women and 50 men." in text
    assert "Total 2 19 50 69" in text


def test_pdf_has_page_numbers_and_the_generation_date(client, istog_2025):
    text = pdf_text(provisional_pdf(client, "/en/raportet/2025/pdf/").content)

    assert re.search(r"Page 1 of \d", text)
    assert re.search(r"Generated on \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d", text)


def test_pdf_in_serbian_keeps_serbian_letters(client, istog_2025):
    text = pdf_text(provisional_pdf(client, "/sr-latn/raportet/2025/pdf/").content)

    assert "Opština Istok" in text
    assert "Veb-sajt opštine" in text


def test_pdf_in_albanian_keeps_albanian_letters(client, istog_2025):
    text = pdf_text(provisional_pdf(client, "/sq/raportet/2025/pdf/").content)

    assert "Uebfaqja e komunës" in text


@pytest.mark.parametrize("path", ["/sq/raportet/2019/pdf/", "/sq/raportet/1800/pdf/"])
def test_pdf_of_a_year_without_a_plan_is_not_found(client, istog_2025, path):
    assert client.get(path).status_code == 404


def test_printing_reads_no_file_outside_the_static_folders(tmp_path):
    with pytest.raises(ValueError, match="Only static files"):
        LocalFilesFetcher(static_roots()).fetch((tmp_path / "secret.css").as_uri())


def test_printing_refuses_the_network():
    with pytest.raises(ValueError, match="disallowed protocol"):
        LocalFilesFetcher(static_roots()).fetch("https://example.org/style.css")


def test_render_pdf_skips_remote_resources_and_still_prints():
    html = '<html><body><img src="https://example.org/logo.png"><p>Komuna e Istogut</p></body></html>'

    assert "Komuna e Istogut" in pdf_text(render_pdf(html, static_roots()[0].as_uri() + "/"))


@pytest.mark.parametrize("hearings", [5, 100])
def test_pdf_queries_do_not_grow_with_hearings(client, plan, hearings, django_assert_max_num_queries):
    HearingFactory.create_batch(hearings, plan=plan, announced_via=[channel("website"), channel("facebook")])
    plan.municipality.languages = ["sq", "sr-latn", "en"]  # a new municipality's languages
    plan.municipality.save()

    with django_assert_max_num_queries(70):  # the task: the three languages' figures, then the copies stored
        render_provisional_report.call(plan.municipality_id, 2025)
    with django_assert_max_num_queries(8):  # the request serves the rendered copy
        response = client.get("/sq/raportet/2025/pdf/")
    assert response.status_code == 200


def test_before_the_first_render_the_pdf_is_being_prepared_and_one_render_is_enqueued(client, istog_2025):
    with TestCase.captureOnCommitCallbacks(execute=True):
        responses = [client.get(f"/{language}/raportet/2025/pdf/") for language in ("sq", "en", "sq")]

    assert [response.status_code for response in responses] == [503, 503, 503]
    assert responses[0]["Retry-After"] == "60"
    assert "Please come back in a minute." in responses[1].content.decode()
    (task,) = DBTaskResult.objects.all()  # three readers, one render
    assert task.task_path == "reports.provisional.render_provisional_report"
    assert task.run_after > timezone.now()  # a little later: changes in a row give one render


def test_being_prepared_is_no_error_for_the_administrators(client, istog_2025, caplog):
    with caplog.at_level("INFO"):
        response = client.get("/en/raportet/2025/pdf/")

    assert response.status_code == 503
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert "The provisional 2025 report of" in caplog.text


def test_the_request_serves_the_last_copy_with_the_time_of_its_figures_and_asks_for_a_new_one(client, istog_2025):
    render_provisional_report.call(istog_2025.municipality_id, 2025)
    copy = ProvisionalReportFile.objects.get(language="en")
    HearingFactory(plan=istog_2025, women=100, men=100, announced_via=[channel("website")])

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get("/en/raportet/2025/pdf/")

    text = pdf_text(response.content)
    assert "They were attended by 69 participants" in text  # the copy, until the task renders the change
    moment = formats.date_format(timezone.localtime(copy.figures_at), "DATETIME_FORMAT")
    assert f"Provisional: figures as of {moment}" in text.replace(" ,", ",")
    assert DBTaskResult.objects.count() == 1

    render_provisional_report.call(istog_2025.municipality_id, 2025)
    assert "They were attended by 269 participants" in pdf_text(client.get("/en/raportet/2025/pdf/").content)
    assert render_provisional_report.call(istog_2025.municipality_id, 2025) == "current"  # nothing changed since


def test_the_task_renders_the_languages_the_municipality_offers(istog_2025):
    municipality = istog_2025.municipality
    municipality.languages = ["sq", "en"]
    municipality.save()

    assert render_provisional_report.call(municipality.pk, 2025) == "rendered"

    assert sorted(ProvisionalReportFile.objects.values_list("language", flat=True)) == ["en", "sq"]
    assert render_provisional_report.call(municipality.pk, 2025) == "current"


@pytest.mark.parametrize("language", ["sq", "sr-latn", "bs", "tr", "en"])
def test_the_minimum_standards_table_keeps_its_words_apart(client, istog_2025, language):
    """Each rule's title and legal source, its status and note, are separate words in the PDF's text."""
    text = pdf_text(provisional_pdf(client, f"/{language}/raportet/2025/pdf/").content)
    with translation.override(language):
        standards = build_annual_summary(2025, istog_2025.municipality).standards

    assert standards
    for result in standards:
        assert f"{result.title} {result.legal_source}" in text
        status = f"{result.status_label} {result.note}" if result.note else f"{result.status_label} "
        assert status in text
