"""`manage.py annual_report`: the same PDF without a web server, and clear errors."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from pypdf import PdfReader

from consultations.models import ConsultationPlan
from tests.factories import HearingFactory, MunicipalityFactory, PlanFactory


@pytest.fixture
def istog_2025(db):
    municipality = MunicipalityFactory(name="Komuna e Istogut", name_sr_latn="Opština Istok", slug="istog")
    plan = PlanFactory(municipality=municipality)
    HearingFactory(plan=plan, women=12, men=31)
    HearingFactory(plan=plan, women=7, men=19)
    return plan


def test_command_writes_a_pdf_with_the_figures(istog_2025, tmp_path):
    target = tmp_path / "raporti-2025.pdf"

    call_command("annual_report", "2025", "--pdf", str(target), "--language", "en", stdout=io.StringIO())

    reader = PdfReader(target)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Komuna e Istogut held a total of 2 public consultations with citizens." in text
    assert "Total 2 19 50 69" in text


def test_command_writes_the_pdf_in_the_language_asked(istog_2025, tmp_path):
    target = tmp_path / "izvestaj-2025.pdf"

    call_command("annual_report", "2025", "--pdf", str(target), "--language", "sr-latn", stdout=io.StringIO())

    assert "Opština Istok" in PdfReader(target).pages[0].extract_text()


def test_command_without_pdf_prints_the_figures(istog_2025):
    out = io.StringIO()

    call_command("annual_report", "2025", "--language", "en", stdout=out)

    assert "Consultations held: 2" in out.getvalue()
    assert "Participants: 19 women, 50 men, 69 in total" in out.getvalue()


def test_command_prints_in_albanian_by_default(istog_2025):
    out = io.StringIO()
    call_command("annual_report", "2025", stdout=out)
    with translation.override("sq"):
        expected = translation.gettext("Consultations held: %(count)s") % {"count": 2}
    assert expected != "Consultations held: 2"
    assert expected in out.getvalue()


def test_command_refuses_an_empty_pdf_path(istog_2025):
    with pytest.raises(CommandError, match="file name after --pdf"):
        call_command("annual_report", "2025", "--pdf", " ", "--language", "en")


def test_command_reports_on_a_draft_plan_for_the_officer(db, tmp_path):
    plan = PlanFactory(status=ConsultationPlan.Status.DRAFT)
    HearingFactory(plan=plan, women=1, men=2)
    out = io.StringIO()

    call_command("annual_report", "2025", "--language", "en", stdout=out)

    assert "Participants: 1 women, 2 men, 3 in total" in out.getvalue()


def test_command_fails_clearly_for_a_year_without_a_plan(istog_2025, tmp_path):
    with pytest.raises(CommandError, match="No plan of public consultations for 2019"):
        call_command("annual_report", "2019", "--pdf", str(tmp_path / "x.pdf"), "--language", "en")
    assert not (tmp_path / "x.pdf").exists()


def test_command_fails_clearly_for_an_unwritable_path(istog_2025, tmp_path):
    with pytest.raises(CommandError, match="Cannot write the PDF"):
        call_command("annual_report", "2025", "--pdf", str(tmp_path / "missing" / "raporti.pdf"), "--language", "en")


def test_command_refuses_an_unknown_language(istog_2025):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("annual_report", "2025", "--language", "de")


def test_command_refuses_an_absurd_year(istog_2025):
    with pytest.raises(CommandError, match="not a year"):
        call_command("annual_report", "99999", "--language", "en")
