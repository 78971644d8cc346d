"""A full or read-only media disk while publishing a report or uploading the emblem: a clear message, nothing kept.

The disk is real (tests/robustness/conftest.py): a tmpfs with no free space left, or one mounted
read-only, set as MEDIA_ROOT. Document uploads are tested the same way in
tests/consultations/test_document_storage.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from outcomes.models import ConsultationReport, ConsultationReportFile
from reports.models import PublishedReport, PublishedReportFile
from tests.factories import HearingFactory, channel

pytestmark = pytest.mark.django_db

PUBLISH_FULL = (
    "The server's disk is full, so the document's PDFs could not be stored. Nothing was published: "
    "tell the portal's administrator, then publish again."
)
PUBLISH_READ_ONLY = (
    "The server cannot store files at the moment (its folder is read-only). Nothing was published: "
    "tell the portal's administrator, then publish again."
)
UPLOAD_FULL = (
    "The server's disk is full, so the file could not be stored. Nothing was saved: "
    "tell the portal's administrator, then choose the file again."
)
UPLOAD_READ_ONLY = (
    "The server cannot store files at the moment (its folder is read-only). Nothing was saved: "
    "tell the portal's administrator, then choose the file again."
)


@pytest.fixture(params=["full", "read-only"])
def broken_media(request, settings):
    """MEDIA_ROOT on a full disk, then on a read-only one; returns (folder, what the publisher reads, the uploader)."""
    if request.param == "full":
        folder = request.getfixturevalue("full_folder")
        messages = (PUBLISH_FULL, UPLOAD_FULL)
    else:
        folder = request.getfixturevalue("read_only_folder")
        messages = (PUBLISH_READ_ONLY, UPLOAD_READ_ONLY)
    settings.MEDIA_ROOT = folder
    return folder, *messages


@pytest.fixture
def held_year(plan):
    """The published 2025 plan with a held hearing, ready for its annual report."""
    HearingFactory(plan=plan, women=10, men=15, announced_via=[channel("website")])
    return plan


def stored_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_publishing_a_consultations_report_says_the_disk_failed_and_publishes_nothing(
    client, hearing, officer, broken_media, django_capture_on_commit_callbacks
):
    folder, message, _upload = broken_media
    client.force_login(officer)
    with translation.override("en"):
        url = reverse("outcomes:staff-report", args=[hearing.pk])

    # Publishing is a task: the request returns at once, the worker meets the disk and says why on the page.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "publish", "reason": ""})
    assert response.status_code == 302
    assert escape(message) in client.get(url).content.decode()
    assert ConsultationReport.objects.count() == ConsultationReportFile.objects.count() == 0
    assert stored_files(folder) == []


def test_the_publisher_reads_the_message_in_their_language(
    client, hearing, officer, full_folder, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = full_folder
    client.force_login(officer)
    with translation.override("sr-latn"):
        url = reverse("outcomes:staff-report", args=[hearing.pk])
        expected = escape(translation.gettext(PUBLISH_FULL))
    assert expected != escape(PUBLISH_FULL)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "publish", "reason": ""})
    assert expected in client.get(url).content.decode()


def test_publish_report_ends_with_the_message_not_a_traceback(held_year, broken_media):
    folder, message, _upload = broken_media
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("publish_report", "2025", "--allow-incomplete-year", stdout=io.StringIO())
    with translation.override("sq"):
        assert str(refused.value) == translation.gettext(message)
    assert PublishedReport.objects.count() == PublishedReportFile.objects.count() == 0
    assert stored_files(folder) == []


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _change_form_data(form) -> dict:
    """What the browser sends back for the admin form as shown (file fields left empty, no secondary domain)."""
    data = {"secondary_domains-TOTAL_FORMS": "0", "secondary_domains-INITIAL_FORMS": "0"}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    return data


def test_uploading_the_emblem_says_the_disk_failed_on_the_field_and_keeps_nothing(
    client, municipality, admin_user, broken_media
):
    folder, _publish, message = broken_media
    client.force_login(admin_user)
    with translation.override("en"):
        url = reverse("admin:municipalities_municipality_change", args=[municipality.pk])
    form = client.get(url).context["adminform"].form
    data = {**_change_form_data(form), "emblem": SimpleUploadedFile("stema.png", _png()), "phone": "+383 39 000 000"}

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"emblem": [message]}
    municipality.refresh_from_db()
    assert not municipality.emblem
    assert municipality.phone != "+383 39 000 000"
    assert stored_files(folder) == []
