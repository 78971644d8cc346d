"""`restore` checks the whole archive before it writes: a refused archive leaves the target exactly as it was.

Each test takes a real backup of a small portal, changes the archive the way a damaged disk, a
careless edit or an attacker would, and restores it into a fresh, empty database and media folder.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import translation

from tests.factories import HearingDocumentFactory
from tests.operations.test_backup import RESTORE, fresh_database

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def archive(settings, tmp_path) -> Path:
    """A real backup of a portal with two stored documents."""
    HearingDocumentFactory()
    HearingDocumentFactory(file=ContentFile(bytes(range(256)) * 40, name="procesverbali.pdf"))
    path = tmp_path / "istog.tar.gz"
    call_command("backup", str(path), verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    return path


def rewritten(source: Path, change: Callable[[tarfile.TarInfo, bytes], list[tuple[tarfile.TarInfo, bytes]]]) -> Path:
    """A copy of the archive whose every member went through `change` (which returns what to write instead)."""
    target = source.with_name("changed.tar.gz")
    with tarfile.open(source) as original, tarfile.open(target, "w:gz", compresslevel=1) as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read() if member.isreg() else b""
            for new_member, new_data in change(member, data):
                if new_member.isreg():
                    new_member.size = len(new_data)
                copy.addfile(new_member, io.BytesIO(new_data) if new_member.isreg() else None)
    return target


def edited_manifest(source: Path, edit: Callable[[dict], object]) -> Path:
    def change(member, data):
        if member.name == "manifest.json":
            data = json.dumps(edit(json.loads(data))).encode()
        return [(member, data)]

    return rewritten(source, change)


def listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*")) if folder.exists() else []


def assert_refused_and_untouched(archive: Path, settings, match: str) -> None:
    """Restore into a fresh database: a CommandError matching `match`, and no table and no file written."""
    media_root = Path(settings.MEDIA_ROOT)
    before = listing(media_root)
    with fresh_database(archive.parent):
        with pytest.raises(CommandError, match=match):
            call_command("restore", str(archive), database=RESTORE, verbosity=0)
        assert connections[RESTORE].introspection.table_names() == []
    assert listing(media_root) == before


def test_the_unchanged_archive_restores(archive, settings):
    with fresh_database(archive.parent):
        call_command("restore", str(archive), database=RESTORE, verbosity=0)
        assert "consultations_hearingdocument" in connections[RESTORE].introspection.table_names()
    assert len([path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]) == 2


def test_an_edited_row_count_is_refused_before_any_table_or_file_is_written(archive, settings):
    def edit(manifest):
        manifest["tables"]["consultations_hearing"] += 1
        return manifest

    changed = edited_manifest(archive, edit)
    assert_refused_and_untouched(changed, settings, "table consultations_hearing has 2 rows, the backup 3")


def test_a_member_the_manifest_does_not_list_is_refused(archive, settings):
    def add_one(member, data):
        if member.name != "manifest.json":
            return [(member, data)]
        extra = tarfile.TarInfo("media/hearings/1/extra.pdf")
        return [(member, data), (extra, b"%PDF-1.4 not listed")]

    changed = rewritten(archive, add_one)
    assert_refused_and_untouched(changed, settings, "media/hearings/1/extra.pdf, which its manifest does not list")


def test_a_member_larger_than_its_manifest_says_is_refused_without_writing_it(archive, settings):
    big = 64 * 1024 * 1024

    def inflate(member, data):
        if member.name.endswith("procesverbali.pdf"):
            return [(member, data + bytes(big))]
        return [(member, data)]

    changed = rewritten(archive, inflate)
    assert changed.stat().st_size < 1024 * 1024  # a small archive that unpacks to 64 MB
    assert_refused_and_untouched(changed, settings, "bytes where its manifest says 10240")


def test_a_member_that_is_a_link_is_refused(archive, settings, tmp_path):
    outside = tmp_path / "outside.txt"

    def as_link(member, data):
        if member.name.endswith("procesverbali.pdf"):
            link = tarfile.TarInfo(member.name)
            link.type, link.linkname = tarfile.SYMTYPE, str(outside)
            return [(link, b"")]
        return [(member, data)]

    changed = rewritten(archive, as_link)
    assert_refused_and_untouched(changed, settings, "is a link, a folder or a device")
    assert not outside.exists()


def test_a_member_that_climbs_out_of_the_media_folder_is_refused(archive, settings, tmp_path):
    def climb(member, data):
        if member.name == "manifest.json":
            escape = tarfile.TarInfo("media/../../escaped.txt")
            return [(member, data), (escape, b"outside")]
        return [(member, data)]

    changed = rewritten(archive, climb)
    assert_refused_and_untouched(changed, settings, "does not list")
    assert not list(tmp_path.rglob("escaped.txt"))


def test_a_manifest_that_lists_a_file_outside_the_media_folder_is_refused(archive, settings):
    def edit(manifest):
        manifest["files"]["../escaped.txt"] = next(iter(manifest["files"].values()))
        return manifest

    assert_refused_and_untouched(edited_manifest(archive, edit), settings, r"incomplete or damaged \(at files")


def test_a_link_inside_the_media_folder_does_not_send_files_outside_it(archive, settings, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir()
    (media_root / "hearings").symlink_to(outside, target_is_directory=True)

    assert_refused_and_untouched(archive, settings, "media folder .* is not empty")
    assert list(outside.iterdir()) == []


def test_a_cut_off_archive_is_a_clear_error(archive, settings):
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    assert_refused_and_untouched(archive, settings, "Cannot read the backup")


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda manifest: [manifest], "format is not one this version can restore"),
        (lambda manifest: {key: value for key, value in manifest.items() if key != "files"}, r"\(at files\)"),
        (lambda manifest: {key: value for key, value in manifest.items() if key != "database"}, r"\(at database\)"),
        (lambda manifest: {**manifest, "tables": {"consultations_hearing": "2"}}, r"\(at tables.consultations_hearing"),
        (lambda manifest: {**manifest, "engine": None}, r"\(at engine\)"),
    ],
    ids=["a-list", "no-files", "no-database", "a-count-that-is-text", "no-engine"],
)
def test_a_manifest_of_the_wrong_shape_is_a_clear_error(archive, settings, edit, match):
    assert_refused_and_untouched(edited_manifest(archive, edit), settings, match)


def test_a_damaged_database_dump_is_refused_before_loading(archive, settings):
    def damage(member, data):
        if member.name.startswith("database."):
            data = data[:100] + bytes([data[100] ^ 0xFF]) + data[101:]
        return [(member, data)]

    assert_refused_and_untouched(rewritten(archive, damage), settings, r"database\.\w+ is damaged")


def test_a_full_media_disk_while_moving_the_files_in_leaves_nothing(archive, settings, full_folder):
    settings.MEDIA_ROOT = full_folder
    assert_refused_and_untouched(archive, settings, "Cannot write")


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_an_unknown_database_alias_is_a_clear_error(command, tmp_path):
    with pytest.raises(CommandError, match="There is no database bogus in the settings"):
        call_command(command, str(tmp_path / "istog.tar.gz"), database="bogus", verbosity=0)
    assert os.listdir(tmp_path) == [] or not (tmp_path / "istog.tar.gz").exists()


def test_a_full_temporary_folder_while_unpacking_leaves_nothing(archive, settings, full_folder, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(full_folder))
    assert_refused_and_untouched(archive, settings, "Cannot unpack the backup into the temporary folder")
    assert list(full_folder.iterdir()) == []
