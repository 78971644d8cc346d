"""Serbian and Bosnian dates on the published report and the verification page: the month in
the genitive ("4. decembra 2026.") and one full stop where the date ends a sentence."""

import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from reports.publishing import publish
from tests.factories import WrittenConsultationFactory

NOMINATIVE = re.compile(
    r"\d\.\s+(januar|februar|mart|april|maj|juni?|juli?|avgust|august|septembar|oktobar|novembar|decembar"
    r"|јануар|фебруар|март|април|мај|јуни?|јули?|август|септембар|октобар|новембар|децембар)(?!\w)"
)
DOUBLE_STOP = re.compile(r"\d\.\.")
GENITIVE_DECEMBER = {"sr-latn": "decembra", "sr": "децембра", "bs": "decembra"}


def pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: install poppler-utils"
    # The input is the PDF this test published, never outside input.
    result = subprocess.run([pdftotext, "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


def assert_dates_read_well(text: str, where: str) -> None:
    assert not NOMINATIVE.findall(text), (where, NOMINATIVE.findall(text))
    assert not DOUBLE_STOP.findall(text), (where, [m.start() for m in DOUBLE_STOP.finditer(text)])


@pytest.mark.parametrize("language", ["sr-latn", "sr", "bs"])
def test_the_published_report_writes_dates_in_the_genitive_with_one_full_stop(client, held_year, language):
    report = publish(2025)
    published_on = timezone.localdate(report.published_at)
    with report.file_for(language).file.open("rb") as stored:
        pdf = stored.read()

    page = client.get(f"/{language}/raportet/2025/").content.decode()
    index = client.get(f"/{language}/raportet/").content.decode()
    verified = client.post(f"/{language}/raportet/verifiko/", {"sha256": report.file_for(language).sha256})
    text = pdf_text(pdf)

    for where, content in (("page", page), ("index", index), ("verify", verified.content.decode()), ("pdf", text)):
        assert_dates_read_well(content, where)
    assert f"{published_on.day}. " in verified.content.decode()
    if published_on.month == 12:
        assert f"{published_on.day}. {GENITIVE_DECEMBER[language]} {published_on.year}." in text


@pytest.mark.parametrize("language", ["sr-latn", "sr", "bs"])
def test_the_consultation_pages_write_dates_in_the_genitive_with_one_full_stop(client, held_year, language):
    written = WrittenConsultationFactory(plan=held_year)
    hearing = held_year.hearings.first()

    for path in ("", "konsultimet/", f"konsultimet/{hearing.pk}/", f"konsultimet/{written.pk}/", "plani/2025/"):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        assert_dates_read_well(response.content.decode(), path)
