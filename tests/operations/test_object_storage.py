"""Uploaded documents and published PDFs in S3-compatible object storage (issue 18 §2).

The storage is real: moto's S3 server in its own process on loopback (tests/s3_server.py),
reached by boto over HTTP. A tampered object is written through the S3 API itself; a storage that
is down is the same settings pointed at a closed port.
"""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from consultations.models import HearingDocument
from outcomes import publishing
from outcomes.models import ConsultationReport, ConsultationReportPublication
from tests.consultations.test_admin import PDF, _inline_errors, _upload_data, _url
from tests.factories import HearingFactory, PlaceFactory
from tests.operations.test_backup import RESTORE, fresh_database, row_counts
from tests.outcomes.test_outcomes import _answer_all
from tests.robustness.test_full_media_disk import _png
from tests.s3_server import object_keys
from web.storage import object_storage_settings

pytestmark = pytest.mark.django_db

CLOSED_PORT = 20798
ROOT = Path(__file__).resolve().parents[2]
PUBLISH_FAILED = (
    "The server could not store the document's PDFs. Nothing was published: tell the portal's administrator, "
    "then publish again."
)
UPLOAD_FAILED = (
    "The server could not store the file. Nothing was saved: tell the portal's administrator, "
    "then choose the file again."
)


def go_down(settings) -> None:
    """Point the default storage at a port where nothing listens (connection refused)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", CLOSED_PORT)) == 0:
            pytest.skip(f"port {CLOSED_PORT} is in use")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage_settings(f"s3://istog/media?endpoint_url=http://127.0.0.1:{CLOSED_PORT}", 1.0),
    }


@pytest.fixture
def storage_down(settings, object_storage):
    go_down(settings)


def test_an_uploaded_document_is_stored_as_an_object_and_downloaded_from_it(
    client, data_entry, hearing, object_storage
):
    s3, bucket = object_storage
    client.force_login(data_entry)
    place = PlaceFactory(municipality=hearing.plan.municipality)

    response = client.post(
        _url("hearing_change", hearing.pk), _upload_data(hearing, place, SimpleUploadedFile("draft.pdf", PDF))
    )

    assert response.status_code == 302
    document = HearingDocument.objects.get()
    assert object_keys(s3, bucket) == [f"media/{document.file.name}"]
    client.logout()
    download = client.get(reverse("consultations:document-download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_published_report_is_stored_as_objects_and_every_download_checks_its_checksum(
    client, held, officer, object_storage
):
    s3, bucket = object_storage
    _answer_all(held)
    report = publishing.publish(held, officer)
    stored = report.files.get(language="sq")
    assert f"media/{stored.file.name}" in object_keys(s3, bucket)
    url = reverse("outcomes:report-pdf", args=[held.pk])

    response = client.get(url)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(response.content).hexdigest() == stored.sha256
    assert response["ETag"] == f'"{stored.sha256}"'


def test_a_tampered_object_is_refused_not_served(client, held, officer, object_storage):
    s3, bucket = object_storage
    _answer_all(held)
    report = publishing.publish(held, officer)
    stored = report.files.get(language="sq")
    s3.put_object(Bucket=bucket, Key=f"media/{stored.file.name}", Body=b"%PDF-1.7 changed behind the portal's back")

    response = client.get(reverse("outcomes:report-pdf", args=[held.pk]))

    assert response.status_code == 503
    assert b"changed behind" not in response.content
    assert response["Content-Type"].startswith("text/html")


def test_a_report_asked_for_while_the_storage_is_down_gives_the_unavailable_page(
    client, held, officer, object_storage, settings
):
    _answer_all(held)
    publishing.publish(held, officer)
    url = reverse("outcomes:report-pdf", args=[held.pk])
    assert client.get(url).status_code == 200
    go_down(settings)

    response = client.get(url)

    assert response.status_code == 503  # the page that says the report is unavailable, not a 500
    assert response["Retry-After"] == "3600"
    assert response["Content-Type"].startswith("text/html")


def test_an_upload_while_the_storage_is_down_is_an_error_on_the_file_not_a_500(
    client, data_entry, hearing, storage_down
):
    client.force_login(data_entry)
    place = PlaceFactory(municipality=hearing.plan.municipality)

    response = client.post(
        _url("hearing_change", hearing.pk), _upload_data(hearing, place, SimpleUploadedFile("draft.pdf", PDF))
    )

    assert response.status_code == 200
    assert _inline_errors(response, "documents") == [{"file": [UPLOAD_FAILED]}]
    assert not HearingDocument.objects.exists()


def test_a_document_and_the_emblem_while_the_storage_is_down_give_the_unavailable_page(
    client, hearing, object_storage, settings
):
    document = HearingDocument(hearing=hearing, title="Drafti")
    document.file.save("draft.pdf", ContentFile(PDF), save=False)
    document.save()
    municipality = hearing.plan.municipality
    municipality.emblem.save("stema.png", ContentFile(_png()))
    assert client.get(reverse("municipality-emblem")).status_code == 200
    go_down(settings)

    for url in (reverse("consultations:document-download", args=[document.pk]), reverse("municipality-emblem")):
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "60"
        assert "max-age" not in response.get("Cache-Control", "")


def test_publishing_while_the_storage_is_down_says_so_and_publishes_nothing(
    client, held, officer, storage_down, django_capture_on_commit_callbacks
):
    _answer_all(held)
    client.force_login(officer)
    with translation.override("en"):
        url = reverse("outcomes:staff-report", args=[held.pk])

    # Publishing is a task (the request returns at once); the worker meets the storage down.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "publish", "reason": ""})
    assert response.status_code == 302

    publication = ConsultationReportPublication.objects.get()
    assert publication.state == publication.State.FAILED
    assert PUBLISH_FAILED in publication.failure
    assert escape(PUBLISH_FAILED) in client.get(url).content.decode()
    assert not ConsultationReport.objects.exists()


# --- Backup and restore: the objects stay in the storage, and `restore` checks them --------------


def _published_with_a_document(held, officer):
    _answer_all(held)
    report = publishing.publish(held, officer)
    document = HearingDocument(hearing=held, title="Drafti")
    document.file.save("draft.pdf", ContentFile(PDF), save=False)
    document.save()
    return report.files.get(language="sq"), document


@pytest.mark.django_db(transaction=True)
def test_restore_checks_every_object_the_database_names_and_refuses_a_missing_or_changed_one(
    held, officer, object_storage, tmp_path, settings
):
    s3, bucket = object_storage
    published, document = _published_with_a_document(held, officer)
    archive = tmp_path / "istog.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    # The objects are where the backup's database expects them: restored and readable.
    with fresh_database(tmp_path):
        call_command("restore", str(archive), database=RESTORE, verbosity=0)
        restored = HearingDocument.objects.using(RESTORE).get(pk=document.pk)
        with restored.file.open("rb") as handle:
            assert handle.read() == PDF

    # One object lost, one changed behind the portal's back: refused, and no row kept.
    s3.delete_object(Bucket=bucket, Key=f"media/{document.file.name}")
    s3.put_object(Bucket=bucket, Key=f"media/{published.file.name}", Body=b"%PDF-1.7 changed")
    (tmp_path / "second").mkdir()
    with fresh_database(tmp_path / "second"), translation.override("en"):
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(archive), database=RESTORE, verbosity=0)
        assert f"file {document.file.name} is missing" in str(refused.value)
        assert f"file {published.file.name} differs from the backup" in str(refused.value)
        assert row_counts(RESTORE).get("consultations_hearing", 0) == 0


def test_the_health_check_stores_a_probe_in_the_object_storage_and_reports_it_down_without_leaving_rotation(
    client, object_storage, settings
):
    s3, bucket = object_storage
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert object_keys(s3, bucket) == []  # the probe is removed again
    go_down(settings)
    response = client.get("/healthz/")
    # Every node shares the storage: a 503 would make the load balancer take them all out.
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"database": "ok", "cache": "ok", "media": "fail"}}


def test_media_storage_url_names_the_bucket_prefix_and_endpoint_and_a_bad_one_stops_start_up(tmp_path):
    import subprocess
    import sys

    options = object_storage_settings("s3://istog/media?endpoint_url=https://s3.example.org&region_name=eu-1", 5)
    assert options["BACKEND"] == "web.storage.ObjectStorage"
    assert {key: options["OPTIONS"][key] for key in ("bucket_name", "location", "endpoint_url", "region_name")} == {
        "bucket_name": "istog",
        "location": "media",
        "endpoint_url": "https://s3.example.org",
        "region_name": "eu-1",
    }
    assert options["OPTIONS"]["file_overwrite"] is False
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "MEDIA_STORAGE_URL": "https://istog.example/media"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "MEDIA_STORAGE_URL is not valid" in done.stderr


def test_the_annual_reports_pdfs_are_objects_and_a_tampered_one_is_refused(client, plan, object_storage):
    from reports.publishing import publish

    s3, bucket = object_storage
    HearingFactory(plan=plan, women=10, men=15)
    report = publish(2025)
    files = {item.language: item for item in report.files.all()}
    keys = object_keys(s3, bucket)
    assert all(f"media/{item.file.name}" in keys for item in files.values())
    url = reverse("reports:annual-report-version-pdf", args=[2025, 1])

    response = client.get(url)

    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == files["sq"].sha256
    s3.put_object(Bucket=bucket, Key=f"media/{files['sq'].file.name}", Body=b"%PDF-1.7 changed")
    refused = client.get(url)
    assert refused.status_code == 503
    assert b"changed" not in refused.content
