"""A full or read-only disk during a document upload: an error on the file, nothing partial, nothing lost."""

from __future__ import annotations

import errno
import os

import pytest
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape

from consultations.models import Hearing, HearingDocument
from tests.consultations.test_admin import PDF, _hearing_data, _inline_errors, _management, _upload_data, _url
from tests.factories import PlaceFactory
from web.storage import DocumentStorage

FULL = "The server's disk is full, so the file could not be stored. Nothing was saved: tell the portal's administrator, then choose the file again."  # noqa: E501
READ_ONLY = "The server cannot store files at the moment (its folder is read-only). Nothing was saved: tell the portal's administrator, then choose the file again."  # noqa: E501


class _FillsTheDisk(File):
    """Content whose writing stops after the first block with the error a full disk gives."""

    def __init__(self, content, error: int):
        super().__init__(content.file, content.name)
        self.error = error

    def chunks(self, chunk_size=None):
        self.file.seek(0)
        yield self.file.read(8)
        raise OSError(self.error, os.strerror(self.error))


class DiskFullAfterOneFile(DocumentStorage):
    """The portal's real storage on a real folder; the disk is full once `room` files are stored."""

    room = 0
    error = errno.ENOSPC

    def _save(self, name, content):
        if DiskFullAfterOneFile.room > 0:
            DiskFullAfterOneFile.room -= 1
            return super()._save(name, content)
        return super()._save(name, _FillsTheDisk(content, self.error))


@pytest.fixture
def place(municipality):
    return PlaceFactory(municipality=municipality)


@pytest.fixture
def full_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.DiskFullAfterOneFile"}}
    DiskFullAfterOneFile.room = 0
    DiskFullAfterOneFile.error = errno.ENOSPC
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_a_full_disk_gives_an_error_on_the_file_keeps_the_typed_fields_and_leaves_nothing(
    client, data_entry, hearing, place, full_disk
):
    client.force_login(data_entry)
    data = _upload_data(hearing, place, SimpleUploadedFile("draft.pdf", PDF))
    data["title_sq"] = "Titulli i ri i shtypur"
    data["women"] = "9"

    response = client.post(_url("hearing_change", hearing.pk), data)

    assert response.status_code == 200
    assert _inline_errors(response, "documents") == [{"file": [FULL]}]
    form = response.context["adminform"].form
    assert (form["title_sq"].value(), form["women"].value()) == ("Titulli i ri i shtypur", "9")
    (inline,) = [inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == "documents"]
    assert inline.formset.forms[0]["title_sq"].value() == "Drafti i buxhetit"
    assert HearingDocument.objects.count() == 0
    hearing.refresh_from_db()
    assert hearing.title_sq != "Titulli i ri i shtypur"
    assert stored_files(full_disk) == []


@pytest.mark.django_db
def test_the_error_is_in_the_staff_members_language(client, data_entry, hearing, place, full_disk):
    client.force_login(data_entry)
    with translation.override("sr-latn"):
        url = _url("hearing_change", hearing.pk).replace("/en/", "/sr-latn/", 1)
        expected = escape(translation.gettext(FULL))
    response = client.post(url, _upload_data(hearing, place, SimpleUploadedFile("draft.pdf", PDF)))
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_a_read_only_media_folder_says_so_on_the_file(client, data_entry, hearing, place, full_disk):
    DiskFullAfterOneFile.error = errno.EROFS
    client.force_login(data_entry)
    response = client.post(
        _url("hearing_change", hearing.pk), _upload_data(hearing, place, SimpleUploadedFile("draft.pdf", PDF))
    )
    assert _inline_errors(response, "documents") == [{"file": [READ_ONLY]}]
    assert stored_files(full_disk) == []


@pytest.mark.django_db
def test_when_the_second_of_two_documents_fills_the_disk_the_first_is_removed_too(
    client, data_entry, hearing, place, full_disk
):
    DiskFullAfterOneFile.room = 1
    client.force_login(data_entry)
    data = _upload_data(hearing, place, SimpleUploadedFile("draft.pdf", PDF))
    data.update(_management("documents", total=2))
    data.update(
        {
            "documents-1-hearing": hearing.pk,
            "documents-1-title_sq": "Procesverbali",
            "documents-1-title_sr_latn": "",
            "documents-1-title_bs": "",
            "documents-1-title_en": "",
            "documents-1-file": SimpleUploadedFile("minutes.pdf", PDF),
        }
    )

    response = client.post(_url("hearing_change", hearing.pk), data)

    assert response.status_code == 200
    assert _inline_errors(response, "documents") == [{"file": [FULL]}, {"file": [FULL]}]
    assert HearingDocument.objects.count() == 0
    assert stored_files(full_disk) == []


@pytest.mark.django_db
def test_a_new_hearing_with_a_document_on_a_full_disk_creates_nothing(client, data_entry, plan, place, full_disk):
    client.force_login(data_entry)
    data = _hearing_data(plan, place, **_management("documents", total=1))
    data.update(
        {
            "documents-0-title_sq": "Drafti",
            "documents-0-title_sr_latn": "",
            "documents-0-title_bs": "",
            "documents-0-title_en": "",
            "documents-0-file": SimpleUploadedFile("draft.pdf", PDF),
        }
    )
    response = client.post(_url("hearing_add"), data)

    assert response.status_code == 200
    assert _inline_errors(response, "documents") == [{"file": [FULL]}]
    assert Hearing.objects.count() == 0
    assert stored_files(full_disk) == []


@pytest.mark.django_db
def test_with_room_on_the_disk_the_upload_is_stored_whole(client, data_entry, hearing, place, full_disk):
    DiskFullAfterOneFile.room = 1
    client.force_login(data_entry)
    response = client.post(
        _url("hearing_change", hearing.pk), _upload_data(hearing, place, SimpleUploadedFile("draft.pdf", PDF))
    )
    assert response.status_code == 302
    (path,) = stored_files(full_disk)
    assert path.read_bytes() == PDF
