"""The public page and PDFs of a published report: frozen figures, stored bytes, checksums."""

import logging
import shutil
import subprocess
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from reports.publishing import publish
from tests.factories import HearingFactory, officer_user


@pytest.fixture
def published(held_year):
    return publish(2025)


def stored_bytes(report, language="sq") -> bytes:
    with report.file_for(language).file.open("rb") as stored:
        return stored.read()


def test_page_shows_the_frozen_figures_after_a_new_hearing(client, published, held_year):
    HearingFactory(plan=held_year, women=30, men=30)

    html = client.get("/en/raportet/2025/").content.decode()

    assert "They were attended by 40 participants: 15 women and 25 men." in html
    assert "Version 1, published" in html
    assert published.file_for("en").sha256 in html


def test_pdf_is_the_stored_bytes_with_its_checksum_as_etag(client, published):
    response = client.get("/sq/raportet/2025/pdf/")

    assert response.status_code == 200
    assert response.content == stored_bytes(published)
    assert response["ETag"] == f'"{published.file_for("sq").sha256}"'
    assert 'filename="raporti-konsultimeve-publike-2025-v1.pdf"' in response["Content-Disposition"]
    again = client.get("/sq/raportet/2025/pdf/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_every_version_stays_downloadable(client, published, held_year):
    first = stored_bytes(published, "en")
    HearingFactory(plan=held_year, women=1, men=1)
    second = publish(2025, reason="corrects version 1: a hearing was missing")

    assert client.get("/en/raportet/2025/v1/pdf/").content == first
    assert client.get("/en/raportet/2025/pdf/").content == stored_bytes(second, "en")
    html = client.get("/en/raportet/2025/").content.decode()
    assert "Version 2, published" in html
    assert "corrects version 1: a hearing was missing" in html
    assert 'href="/en/raportet/2025/v1/pdf/"' in html
    assert client.get("/en/raportet/2025/v3/pdf/").status_code == 404


def test_the_pdf_is_tagged_for_pdfinfo(published):
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo is missing: apt-get install poppler-utils"
    path = published.file_for("en").file.path
    info = subprocess.run([pdfinfo, path], capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert "Tagged:          yes" in info


def test_a_damaged_file_is_never_served(client, published, caplog):
    report_file = published.file_for("sq")
    content = bytearray(stored_bytes(published))
    content[len(content) // 2] ^= 0xFF
    with open(report_file.file.path, "wb") as stored:
        stored.write(content)

    with caplog.at_level(logging.ERROR, logger="reports.views"):
        response = client.get("/sq/raportet/2025/pdf/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "raporti-konsultimeve-publike-2025-v1" not in response.content.decode()
    assert report_file.file.name in caplog.text

    client.force_login(officer_user(username="zyrtari"))
    staff = client.get("/en/raportet/2025/pdf/".replace("/en/", "/sq/"))
    assert staff.status_code == 503
    assert report_file.file.name in staff.content.decode()


def test_before_publication_the_page_is_marked_provisional(client, held_year):
    html = client.get("/en/raportet/2025/").content.decode()
    assert "Provisional: figures to date, not yet published by the municipality." in html


def test_verification_recognises_a_published_pdf_and_refuses_a_changed_one(client, published):
    content = stored_bytes(published, "en")

    match = client.post("/en/raportet/verifiko/", {"document": ContentFile(content, name="r.pdf")})
    assert "annual report 2025, version 1 (English)" in match.content.decode()

    changed = bytearray(content)
    changed[100] ^= 0x01
    response = client.post("/en/raportet/verifiko/", {"document": ContentFile(bytes(changed), name="r.pdf")})
    assert "No match." in response.content.decode()

    pasted = client.post("/en/raportet/verifiko/", {"sha256": published.file_for("sq").sha256.upper()})
    assert "version 1 (Albanian)" in pasted.content.decode()


@pytest.mark.parametrize("data", [{}, {"sha256": "xyz"}, {"sha256": "a" * 65}, {"sha256": "\x00" * 64}])
def test_verification_answers_any_input_without_an_error(client, db, data):
    response = client.post("/en/raportet/verifiko/", data)
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode() or "alert-danger" in response.content.decode()


def test_verify_command_names_the_version_and_fails_without_a_match(published, tmp_path):
    good = tmp_path / "good.pdf"
    good.write_bytes(stored_bytes(published))
    out = StringIO()
    call_command("verify_report", str(good), stdout=out)
    assert "2025" in out.getvalue() and "(sq)" in out.getvalue()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(stored_bytes(published) + b" ")
    with pytest.raises(CommandError) as error:
        call_command("verify_report", str(bad))
    assert error.value.returncode == 1


def test_open_data_lists_every_version_with_its_checksums(client, published):
    data = client.get("/en/raportet/2025/versionet.json").json()

    assert data["latest_version"] == 1
    files = {item["language"]: item for item in data["versions"][0]["files"]}
    assert files["sq"]["sha256"] == published.file_for("sq").sha256
    assert files["sr-latn"]["url"] == "http://127.0.0.1:8000/sr-latn/raportet/2025/v1/pdf/"
    assert client.get(files["sq"]["url"]).content == stored_bytes(published)
