"""`backup` and `restore`: the demo data and its documents survive a round trip into a fresh database."""

from __future__ import annotations

import contextlib
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from django.db.utils import load_backend
from django.utils import translation

from consultations.models import Hearing, HearingDocument
from operations.backup import media_files
from tests.factories import HearingDocumentFactory

RESTORE = "restore_target"


@pytest.fixture(autouse=True)
def _english_messages():
    """The commands answer in the active language; these tests read their English messages."""
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@contextlib.contextmanager
def fresh_database(tmp_path):
    """A second, empty database of the same engine as the suite's, under the alias RESTORE."""
    default = connections["default"]
    settings_dict = {**default.settings_dict, "TEST": {}}
    created = None
    if default.vendor == "postgresql":
        # Derived from the suite's own database name, so parallel runs never share it.
        created = f"{default.settings_dict['NAME']}_restore"[:63]
        with default.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{created}"')
            cursor.execute(f'CREATE DATABASE "{created}"')
        settings_dict["NAME"] = created
    else:
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    # Created by hand rather than declared in DATABASES: the test case allows such connections.
    connections[RESTORE] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, RESTORE)
    try:
        yield connections[RESTORE]
    finally:
        connections[RESTORE].close()
        del connections[RESTORE]
        if created:
            with default.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{created}"')


def row_counts(alias: str) -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts


def demo_with_documents() -> dict[str, bytes]:
    """The demo data (with its draft document and published report PDFs) plus two documents; every stored file."""
    call_command("load_istog_2025", verbosity=0)
    hearings = list(Hearing.objects.order_by("pk")[:2])
    documents = [
        HearingDocumentFactory(hearing=hearings[0]),
        HearingDocumentFactory(
            hearing=hearings[1], file__filename="procesverbali.pdf", file__data=bytes(range(256)) * 40
        ),
    ]
    assert all(document.file.name for document in documents)
    media_root = documents[0].file.storage.location
    return {path.relative_to(media_root).as_posix(): path.read_bytes() for path in media_files(Path(media_root))}


@pytest.mark.django_db(transaction=True)
def test_the_demo_data_and_every_document_survive_backup_and_restore_into_a_fresh_database(media, tmp_path, settings):
    documents = demo_with_documents()
    archive = tmp_path / "istog.tar.gz"

    call_command("backup", str(archive), verbosity=0)

    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    assert set(manifest["files"]) == set(documents)
    assert manifest["tables"]["consultations_hearing"] == Hearing.objects.count()

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with fresh_database(tmp_path):
        call_command("restore", str(archive), database=RESTORE, verbosity=0)

        assert row_counts(RESTORE) == row_counts("default")
        assert row_counts(RESTORE)["consultations_hearingdocument"] == HearingDocument.objects.count() >= 2
        for document in HearingDocument.objects.using(RESTORE).all():
            assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == documents[document.file.name]
        # The published reports' PDFs too, byte for byte.
        for name, content in documents.items():
            assert (settings.MEDIA_ROOT / name).read_bytes() == content


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_has_tables(media, tmp_path):
    demo_with_documents()
    archive = tmp_path / "istog.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_media_folder_that_has_files_and_writes_nothing(media, tmp_path, settings):
    demo_with_documents()
    archive = tmp_path / "istog.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "other-media"
    (settings.MEDIA_ROOT / "old").mkdir(parents=True)
    (settings.MEDIA_ROOT / "old" / "leftover.pdf").write_bytes(b"%PDF")

    with fresh_database(tmp_path), pytest.raises(CommandError, match="media folder"):
        call_command("restore", str(archive), database=RESTORE, verbosity=0)
        assert connections[RESTORE].introspection.table_names() == []


@pytest.mark.django_db(transaction=True)
def test_a_damaged_document_in_the_archive_fails_the_verification(media, tmp_path, settings):
    documents = demo_with_documents()
    archive = tmp_path / "istog.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    damaged = tmp_path / "damaged.tar.gz"
    name = sorted(documents)[0]
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == f"media/{name}":
                data = data.replace(b"PDF", b"XXX")
            member.size = len(data)
            target.addfile(member, __import__("io").BytesIO(data))

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with fresh_database(tmp_path), pytest.raises(CommandError, match=f"media/{name} is damaged"):
        call_command("restore", str(damaged), database=RESTORE, verbosity=0)


def test_a_file_that_is_not_a_backup_is_refused_with_a_message(tmp_path, media, db):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="Cannot read the backup"):
        call_command("restore", str(bogus), verbosity=0)


@pytest.mark.django_db
def test_an_unwritable_backup_path_is_a_command_error_and_leaves_no_partial_file(media, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    with pytest.raises(CommandError, match="Cannot write the backup"):
        call_command("backup", str(blocker / "istog.tar.gz"), verbosity=0)
    assert media_files(tmp_path) == [blocker]
