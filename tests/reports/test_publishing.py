"""Publishing freezes version N: figures, PDFs and checksums; refusals create nothing."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from pypdf import PdfReader

from consultations.models import ConsultationPlan, Hearing
from reports.models import PublishedReport, PublishedReportFile, sha256_of
from reports.publishing import PublishRefused, changes_since_publication, publish
from tests.factories import HearingFactory, PlanFactory, data_entry_user, officer_user


def test_publishing_freezes_figures_and_a_pdf_per_language(held_year):
    report = publish(2025)

    assert (report.version, report.year, report.reason) == (1, 2025, "")
    assert sorted(report.snapshot) == ["bs", "en", "sq", "sr", "sr-latn", "tr"]
    assert report.summary("en").women == 15
    files = {item.language: item for item in report.files.all()}
    assert sorted(files) == ["bs", "en", "sq", "sr", "sr-latn", "tr"]
    for item in files.values():
        with item.file.open("rb") as stored:
            assert sha256_of(stored.read()) == item.sha256
    assert files["sq"].file_name == "raporti-konsultimeve-publike-2025-v1.pdf"
    assert files["sr-latn"].file_name == "izvestaj-o-javnim-konsultacijama-2025-v1.pdf"
    assert files["bs"].file_name == "izvjestaj-o-javnim-konsultacijama-2025-v1.pdf"
    assert files["en"].file_name == "public-consultations-report-2025-v1.pdf"


def test_the_published_pdf_is_tagged_with_language_title_and_author(held_year):
    report = publish(2025)
    with report.file_for("en").file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))

    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == "Annual report on public consultations 2025"
    assert reader.metadata.author == held_year.municipality.name
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Version 1, published" in text
    assert "/en/raportet/verifiko/" in text.replace(" ", "")
    assert "Page 1 of" in text


def test_a_published_pdf_stays_byte_identical_after_an_edit(held_year):
    report = publish(2025)
    original = report.file_for("sq")
    with original.file.open("rb") as stored:
        before = stored.read()

    Hearing.objects.filter(plan=held_year).update(women=1)
    publish(2025, reason="Korrigjim i pjesëmarrjes")

    with PublishedReportFile.objects.get(pk=original.pk).file.open("rb") as stored:
        assert stored.read() == before
    assert sha256_of(before) == original.sha256


def test_publishing_again_without_a_change_is_refused(held_year):
    publish(2025)

    with translation.override("en"), pytest.raises(PublishRefused, match="Nothing changed since version 1"):
        publish(2025, reason="Asgjë")
    assert PublishedReport.objects.count() == 1


def test_version_two_requires_a_reason(held_year):
    publish(2025)
    HearingFactory(plan=held_year, women=3, men=4)

    with pytest.raises(PublishRefused):
        publish(2025)
    report = publish(2025, reason="corrects version 1: a hearing was missing")
    assert (report.version, report.reason) == (2, "corrects version 1: a hearing was missing")


@pytest.mark.parametrize(
    "setup",
    [
        lambda municipality: None,
        lambda municipality: PlanFactory(municipality=municipality, status=ConsultationPlan.Status.DRAFT),
    ],
    ids=["no plan", "draft plan"],
)
def test_publishing_without_a_published_plan_is_refused(municipality, setup):
    setup(municipality)

    with pytest.raises(PublishRefused):
        publish(2025)
    assert not PublishedReport.objects.exists()
    assert not PublishedReportFile.objects.exists()


def test_a_year_in_progress_needs_a_confirmation_recorded_on_the_version(municipality):
    year = timezone.localdate().year
    PlanFactory(municipality=municipality, year=year)

    with translation.override("en"), pytest.raises(PublishRefused, match="not ended"):
        publish(year)
    report = publish(year, allow_incomplete_year=True)
    assert report.allow_incomplete_year


def test_only_the_officer_may_publish(held_year):
    with translation.override("en"), pytest.raises(PublishRefused, match="officer"):
        publish(2025, user=data_entry_user(username="hyrja"))
    report = publish(2025, user=officer_user(username="zyrtari", first_name="Arta", last_name="Krasniqi"))
    assert report.published_by_name == "Arta Krasniqi"


def test_the_diff_lists_exactly_the_figures_that_moved(held_year):
    publish(2025)
    hearing = Hearing.objects.filter(plan=held_year).order_by("pk").first()
    hearing.women = 8
    hearing.save()

    with translation.override("en"):
        changes = changes_since_publication(2025)

    assert changes.latest.version == 1
    assert [(item.label, item.old, item.new) for item in changes.differences] == [
        ("Women", 15, 13),
        ("Participants in total", 40, 38),
        ("Public hearing with citizens: women", 10 + 5, 8 + 5),
        (f"10 March 2025 {hearing.title}: women / men", "10 / 15", "8 / 15"),
    ]


def test_command_publishes_and_refuses_clearly(held_year):
    out = io.StringIO()
    call_command("publish_report", "2025", stdout=out)
    assert PublishedReport.objects.get().version == 1

    with pytest.raises(CommandError):
        call_command("publish_report", "2025", "--reason", "x")
    call_command("publish_report", "2025", "--if-unpublished", stdout=out)
    assert PublishedReport.objects.count() == 1


def test_annual_report_command_says_how_the_live_figures_differ_from_the_published_version(held_year):
    out = io.StringIO()
    call_command("annual_report", "2025", "--language", "en", stdout=out)
    assert "Not published yet: these figures are provisional." in out.getvalue()

    publish(2025)
    HearingFactory(plan=held_year, women=3, men=4)
    out = io.StringIO()
    call_command("annual_report", "2025", "--language", "en", stdout=out)

    assert "The data now differ from version 1:" in out.getvalue()
    assert "  Women: 15 → 18" in out.getvalue()
