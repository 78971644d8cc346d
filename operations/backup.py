"""One-file backups: the database, the media folder and a manifest that proves a restore complete.

The archive (tar.gz) holds:
- `manifest.json`: the database engine, the row count of every table and the SHA-256 and size
  of the database dump and of every file under MEDIA_ROOT;
- `database.pgdump` (pg_dump's custom format) or `database.sqlite3` (SQLite's online backup);
- `media/...`: every uploaded document and any other stored file, byte for byte.

The row counts are taken from the same snapshot as the dump (PostgreSQL: an exported snapshot
passed to pg_dump; SQLite: counted in the copy), so a backup of a running portal still verifies.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
FORMAT_VERSION = 1
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int


def sha256_of(path: Path) -> str:
    """The file's SHA-256 in hex, read in blocks so large documents need little memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(media_root: Path) -> list[Path]:
    """Every regular file under the media folder, sorted; health-check probes are not data."""
    if not media_root.is_dir():
        return []
    return sorted(
        path
        for path in media_root.rglob("*")
        if path.is_file() and not path.is_symlink() and not path.name.startswith(".healthz-")
    )


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": vendor})
    return vendor


def _pg_command_env(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore and the environment holding the password."""
    options = []
    if settings_dict.get("HOST"):
        options += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        options += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        options += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        # In the environment, not on the command line, where any user could read it with ps.
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return options, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(
            _("%(program)s is not installed: install postgresql-client.") % {"program": command[0]}
        ) from None
    if completed.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": command[0], "error": completed.stderr.strip()}
        )


def _count_rows(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def _dump_postgresql(using: str, target: Path) -> dict[str, int]:
    """pg_dump into target; row counts from the very snapshot pg_dump reads."""
    connection = connections[using]
    tables = connection.introspection.table_names()
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.rollback()  # set_session needs a connection outside any transaction
        raw.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_rows(cursor, tables, connection.ops.quote_name)
            options, env = _pg_command_env(connection.settings_dict)
            dump_options = ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            _run(["pg_dump", *options, *dump_options, "--file", str(target), connection.settings_dict["NAME"]], env)
    finally:
        raw.close()
    return counts


def _dump_sqlite(using: str, target: Path) -> dict[str, int]:
    """SQLite's online backup API copies a consistent database even while the portal writes."""
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        names = [row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables = sorted(name for name in names if not name.startswith("sqlite_"))
        return _count_rows(copy.cursor(), tables, connection.ops.quote_name)
    finally:
        copy.close()


def create_backup(path: Path, media_root: Path, using: str = "default") -> BackupResult:
    """Write one archive with the database, the media folder and the manifest to path."""
    vendor = _vendor(using)
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="istog-backup-") as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        counts = _dump_postgresql(using, dump) if vendor == "postgresql" else _dump_sqlite(using, dump)
        files = {
            file.relative_to(media_root).as_posix(): {"sha256": sha256_of(file), "size": file.stat().st_size}
            for file in media_files(media_root)
        }
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": vendor,
            "database": {"file": dump.name, "sha256": sha256_of(dump), "size": dump.stat().st_size},
            "tables": counts,
            "files": files,
        }
        partial = path.with_name(path.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(datetime.datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                archive.add(dump, arcname=dump.name)
                for name in files:
                    archive.add(media_root / name, arcname=MEDIA_PREFIX + name, recursive=False)
            # Renamed only when complete: a full disk never leaves a file that looks like a backup.
            partial.replace(path)
        except OSError as error:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            raise BackupError(
                _("Cannot write the backup to %(path)s: %(error)s") % {"path": path, "error": error.strerror or error}
            ) from None
    return BackupResult(path=path, tables=len(counts), rows=sum(counts.values()), files=len(files))


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.load(archive.extractfile(member))
    except (KeyError, ValueError, AttributeError):
        raise BackupError(_("This file is not a backup of the portal: it has no readable manifest.")) from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("This backup's format is not one this version can restore."))
    return manifest


def _safe_media_name(name: str) -> str | None:
    """The path inside MEDIA_ROOT for an archive member, or None when it could escape the folder."""
    if not name.startswith(MEDIA_PREFIX):
        return None
    relative = PurePosixPath(name[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return relative.as_posix()


def check_empty(using: str, media_root: Path) -> None:
    """Refuse to restore over anything: the database must have no tables, the media folder no files."""
    tables = connections[using].introspection.table_names()
    if tables:
        raise BackupError(
            _(
                "The database %(name)s is not empty (%(count)s tables). Restore into a new, empty database: "
                "create one, point DATABASE_URL at it and run restore again."
            )
            % {"name": connections[using].settings_dict["NAME"], "count": len(tables)}
        )
    if media_files(media_root):
        raise BackupError(
            _("The media folder %(path)s is not empty. Restore into an empty folder (set MEDIA_ROOT).")
            % {"path": media_root}
        )


def _load_database(using: str, vendor: str, dump: Path) -> None:
    connection = connections[using]
    if vendor == "postgresql":
        options, env = _pg_command_env(connection.settings_dict)
        restore_options = ["--no-owner", "--no-privileges", "--exit-on-error"]
        _run(["pg_restore", *options, *restore_options, "--dbname", connection.settings_dict["NAME"], str(dump)], env)
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


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
            found = _count_rows(cursor, [table], connection.ops.quote_name)[table]
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


def restore_backup(path: Path, media_root: Path, using: str = "default") -> dict:
    """Restore the archive into an empty database and media folder, then verify it; returns the manifest."""
    vendor = _vendor(using)
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the with-block below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(_("Cannot read the backup %(path)s: %(error)s") % {"path": path, "error": error}) from None
    with archive, tempfile.TemporaryDirectory(prefix="istog-restore-") as work:
        manifest = _read_manifest(archive)
        if manifest["engine"] != vendor:
            raise BackupError(
                _("This backup is of a %(backup)s database; the portal is configured for %(current)s.")
                % {"backup": manifest["engine"], "current": vendor}
            )
        check_empty(using, media_root)
        dump = Path(work) / DUMP_NAMES[vendor]
        try:
            with archive.extractfile(manifest["database"]["file"]) as source, dump.open("wb") as target:
                shutil.copyfileobj(source, target)
        except (KeyError, AttributeError):
            raise BackupError(_("The backup has no database dump.")) from None
        if sha256_of(dump) != manifest["database"]["sha256"]:
            raise BackupError(_("The database dump in this backup is damaged (its checksum differs)."))
        _load_database(using, vendor, dump)
        for member in archive.getmembers():
            name = _safe_media_name(member.name)
            if name is None or not member.isfile():
                continue
            target = media_root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, target.open("wb") as handle:
                shutil.copyfileobj(source, handle)
    problems = verify(manifest, using, media_root)
    if problems:
        raise BackupError(_("The restore does not match the backup: %(problems)s") % {"problems": "; ".join(problems)})
    return manifest
