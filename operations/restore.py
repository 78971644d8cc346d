"""Restoring a backup: the whole archive is checked before anything is written to the target.

In order, and the first failure ends the restore with the target exactly as it was:
1. the manifest must be complete (every key, of the right type, safe file names);
2. the target database has no tables and the media folder no files and no links;
3. every member is unpacked into a temporary folder, never into MEDIA_ROOT: each must be a
   regular file the manifest lists (no link, folder or device, no member it does not list),
   is read no further than the size the manifest declares, and must have its checksum; every
   listed file must be there;
4. the database is loaded in one transaction (SQLite: its row counts are checked in the copy
   first; PostgreSQL: `pg_restore --single-transaction`, then counted);
5. only then are the files moved into MEDIA_ROOT, never through a link; a failure there (a
   full disk) removes what was moved and empties the database again;
6. with object storage (MEDIA_STORAGE_URL) the archive holds no files: every file the restored
   database names must already be in the storage (restored with its own tools first), and every
   published document must have its checksum (operations/stored_objects.py), or the database
   is emptied again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.db import connections
from django.utils.translation import gettext as _

from .backup import (
    BLOCK,
    DUMP_NAMES,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    READ_ERRORS,
    SHA256,
    BackupError,
    count_rows,
    load_manifest,
    media_files,
    pg_command_env,
    run_program,
    sha256_of,
    vendor_of,
)
from .stored_objects import object_problems, uses_object_storage


def restore_backup(path: Path, media_root: Path, using: str = "default") -> dict:
    """Restore the archive into an empty database and media folder, all or nothing; returns the manifest."""
    vendor = vendor_of(using)
    media_root = Path(media_root)
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the with-block below
        members = archive.getmembers()  # reads to the end: a cut-off archive fails here
    except READ_ERRORS as error:
        raise BackupError(_("Cannot read the backup %(path)s: %(error)s") % {"path": path, "error": error}) from None
    with archive, tempfile.TemporaryDirectory(prefix="istog-restore-") as work:
        manifest = read_manifest(archive)
        if manifest["engine"] != vendor:
            raise BackupError(
                _("This backup is of a %(backup)s database; the portal is configured for %(current)s.")
                % {"backup": manifest["engine"], "current": vendor}
            )
        check_empty(using, media_root)
        unpacked = Path(work)
        try:
            _unpack(archive, members, manifest, unpacked)
        except READ_ERRORS as error:
            raise BackupError(
                _("The backup %(path)s is damaged or incomplete: %(error)s") % {"path": path, "error": error}
            ) from None
        dump = unpacked / manifest["database"]["file"]
        if vendor == "sqlite":
            _compare_counts(manifest, _sqlite_counts(dump))
        _load_database(using, vendor, dump)
        moved: list[Path] = []
        try:
            if vendor == "postgresql":
                _compare_counts(manifest, _database_counts(using))
            _move_files(unpacked / "media", media_root, sorted(manifest["files"]), moved)
            problems = verify(manifest, using, media_root)
            if uses_object_storage():
                # The objects are not in the archive: they must be in the storage already, unchanged.
                problems += object_problems(using)
            if problems:
                raise BackupError(
                    _("The restore does not match the backup: %(problems)s") % {"problems": "; ".join(problems)}
                )
        except BaseException:
            _remove(moved, media_root)
            _empty_database(using, vendor)
            raise
    return manifest


def read_manifest(archive: tarfile.TarFile) -> dict:
    """The archive's manifest, checked key by key; BackupError when it is missing or incomplete."""
    manifest = load_manifest(archive)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("This backup's format is not one this version can restore."))
    problem = _manifest_problem(manifest)
    if problem:
        raise BackupError(
            _("The backup's manifest is incomplete or damaged (at %(part)s); nothing was restored.") % {"part": problem}
        )
    return manifest


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_checksum(entry) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("sha256"), str)
        and bool(SHA256.match(entry["sha256"]))
        and _is_count(entry.get("size"))
    )


def _manifest_problem(manifest: dict) -> str | None:
    """The first part of the manifest that is missing or of the wrong kind, named for the message; None if whole."""
    engine = manifest.get("engine")
    if engine not in DUMP_NAMES:
        return "engine"
    if not isinstance(manifest.get("created_at"), str):
        return "created_at"
    database = manifest.get("database")
    if not _is_checksum(database) or database.get("file") != DUMP_NAMES[engine]:
        return "database"
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not tables:
        return "tables"
    for table, count in tables.items():
        if not _is_count(count):
            return f"tables.{table}"
    files = manifest.get("files")
    if not isinstance(files, dict):
        return "files"
    for name, entry in files.items():
        if media_name(MEDIA_PREFIX + name) != name or not _is_checksum(entry):
            return f"files.{name}"
    return None


def media_name(member_name: str) -> str | None:
    """The path inside MEDIA_ROOT for an archive member, or None when it could escape the folder."""
    if not member_name.startswith(MEDIA_PREFIX):
        return None
    relative = PurePosixPath(member_name[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or not relative.parts or any(part in ("", ".", "..") for part in relative.parts):
        return None
    name = relative.as_posix()
    return name if name == member_name[len(MEDIA_PREFIX) :] else None


def check_empty(using: str, media_root: Path) -> None:
    """Refuse to restore over anything: no tables in the database; no files and no links in the media folder."""
    tables = connections[using].introspection.table_names()
    if tables:
        raise BackupError(
            _(
                "The database %(name)s is not empty (%(count)s tables). Restore into a new, empty database: "
                "create one, point DATABASE_URL at it and run restore again."
            )
            % {"name": connections[using].settings_dict["NAME"], "count": len(tables)}
        )
    links = [path for path in media_root.rglob("*") if path.is_symlink()] if media_root.is_dir() else []
    if media_files(media_root) or links:
        raise BackupError(
            _("The media folder %(path)s is not empty. Restore into an empty folder (set MEDIA_ROOT).")
            % {"path": media_root}
        )


def _unpack(archive: tarfile.TarFile, members: list[tarfile.TarInfo], manifest: dict, target: Path) -> None:
    """Every member into target, checked against the manifest; BackupError at the first that does not fit."""
    expected = {manifest["database"]["file"]: manifest["database"]}
    expected.update({MEDIA_PREFIX + name: entry for name, entry in manifest["files"].items()})
    seen = {MANIFEST}
    for member in members:
        if member.name == MANIFEST and member.isreg():
            continue
        if member.name in seen:
            raise BackupError(_("The backup holds %(name)s twice; it was refused.") % {"name": member.name})
        if member.name not in expected:
            raise BackupError(
                _("The backup holds %(name)s, which its manifest does not list; it was refused.")
                % {"name": member.name}
            )
        if not member.isreg():
            raise BackupError(
                _("The backup's %(name)s is a link, a folder or a device, not a file; it was refused.")
                % {"name": member.name}
            )
        seen.add(member.name)
        entry = expected[member.name]
        if member.size != entry["size"]:
            raise BackupError(
                _("The backup's %(name)s has %(found)s bytes where its manifest says %(expected)s; it was refused.")
                % {"name": member.name, "found": member.size, "expected": entry["size"]}
            )
        destination = target / member.name
        destination.parent.mkdir(parents=True, exist_ok=True)
        _copy_checked(archive.extractfile(member), destination, member.name, entry)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            _("The backup lacks %(names)s, which its manifest lists; it was refused.") % {"names": ", ".join(missing)}
        )


def _copy_checked(source, destination: Path, name: str, entry: dict) -> None:
    """Copy no more than the declared size and check the checksum on the way."""
    digest = hashlib.sha256()
    written = 0
    with source, destination.open("xb") as handle:
        while block := source.read(min(BLOCK, entry["size"] + 1 - written)):
            written += len(block)
            if written > entry["size"]:
                break
            digest.update(block)
            try:
                handle.write(block)
            except OSError as error:
                raise BackupError(
                    _("Cannot unpack the backup into the temporary folder %(path)s: %(error)s")
                    % {"path": destination.parent, "error": error.strerror or error}
                ) from None
    if written != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise BackupError(_("The backup's %(name)s is damaged (its checksum differs).") % {"name": name})


def _sqlite_counts(dump: Path) -> dict[str, int]:
    copy = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        names = [row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables = sorted(name for name in names if not name.startswith("sqlite_"))
        return count_rows(copy.cursor(), tables, lambda table: '"' + table.replace('"', '""') + '"')
    except sqlite3.DatabaseError as error:
        raise BackupError(_("The database dump in this backup cannot be read: %(error)s") % {"error": error}) from None
    finally:
        copy.close()


def _database_counts(using: str) -> dict[str, int]:
    connection = connections[using]
    with connection.cursor() as cursor:
        return count_rows(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)


def _compare_counts(manifest: dict, counts: dict[str, int]) -> None:
    """BackupError naming every table whose rows differ from the manifest (or that is missing or extra)."""
    problems = []
    for table in sorted(set(manifest["tables"]) | set(counts)):
        if table not in counts:
            problems.append(_("table %(table)s is missing") % {"table": table})
        elif table not in manifest["tables"]:
            problems.append(_("table %(table)s is not in the manifest") % {"table": table})
        elif counts[table] != manifest["tables"][table]:
            problems.append(
                _("table %(table)s has %(found)s rows, the backup %(expected)s")
                % {"table": table, "found": counts[table], "expected": manifest["tables"][table]}
            )
    if problems:
        raise BackupError(
            _("The backup's database does not match its manifest: %(problems)s") % {"problems": "; ".join(problems)}
        )


def _load_database(using: str, vendor: str, dump: Path) -> None:
    connection = connections[using]
    if vendor == "postgresql":
        options, env = pg_command_env(connection.settings_dict)
        restore_options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        run_program(
            ["pg_restore", *options, *restore_options, "--dbname", connection.settings_dict["NAME"], str(dump)], env
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)  # one step: the whole copy or none of it
        finally:
            source.close()


def _empty_database(using: str, vendor: str) -> None:
    """Take the restored database back to empty (it had no tables before: check_empty saw to that)."""
    connection = connections[using]
    if vendor == "sqlite":
        connection.ensure_connection()
        empty = sqlite3.connect(":memory:")
        try:
            empty.backup(connection.connection)
        finally:
            empty.close()
        return
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=True)
        if tables:
            cursor.execute("DROP TABLE IF EXISTS " + ", ".join(map(connection.ops.quote_name, tables)) + " CASCADE")
        cursor.execute(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema()"
        )
        sequences = [row[0] for row in cursor.fetchall()]
        if sequences:
            cursor.execute("DROP SEQUENCE IF EXISTS " + ", ".join(map(connection.ops.quote_name, sequences)))


def _move_files(source: Path, media_root: Path, names: list[str], moved: list[Path]) -> None:
    """Move the checked files in, creating folders as needed and never writing through a link."""
    media_root.mkdir(parents=True, exist_ok=True)
    for name in names:
        folder = media_root
        for part in PurePosixPath(name).parts[:-1]:
            folder = folder / part
            if folder.is_symlink():
                raise BackupError(
                    _("The media folder holds a link at %(path)s; nothing is restored through links.")
                    % {"path": folder}
                )
            if not folder.is_dir():
                folder.mkdir()
                moved.append(folder)
        target = folder / PurePosixPath(name).name
        try:
            # O_EXCL with O_NOFOLLOW: neither an existing file nor a link at the target is written through.
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except OSError as error:
            raise BackupError(
                _("Cannot write %(path)s: %(error)s") % {"path": target, "error": error.strerror or error}
            ) from None
        moved.append(target)
        try:
            with os.fdopen(descriptor, "wb") as handle, (source / name).open("rb") as unpacked:
                while block := unpacked.read(BLOCK):
                    handle.write(block)
        except OSError as error:
            raise BackupError(
                _("Cannot write %(path)s: %(error)s") % {"path": target, "error": error.strerror or error}
            ) from None


def _remove(moved: list[Path], media_root: Path) -> None:
    """Remove the files and the folders a failed restore created, newest first."""
    for path in reversed(moved):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink()


def verify(manifest: dict, using: str, media_root: Path) -> list[str]:
    """Differences between the manifest and what the database and media folder now hold."""
    connection = connections[using]
    problems = []
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        for table, expected in sorted(manifest["tables"].items()):
            if table not in present:
                problems.append(_("table %(table)s is missing") % {"table": table})
                continue
            found = count_rows(cursor, [table], connection.ops.quote_name)[table]
            if found != expected:
                problems.append(
                    _("table %(table)s has %(found)s rows, the backup %(expected)s")
                    % {"table": table, "found": found, "expected": expected}
                )
    for name, expected in sorted(manifest["files"].items()):
        file = media_root / name
        if not file.is_file():
            problems.append(_("file %(name)s is missing") % {"name": name})
        elif sha256_of(file) != expected["sha256"]:
            problems.append(_("file %(name)s differs from the backup") % {"name": name})
    return problems
