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
import errno
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.utils import timezone
from django.utils.connection import ConnectionDoesNotExist
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
FORMAT_VERSION = 1
# How long a SQLite backup waits for a database another process keeps locked.
SQLITE_BUSY_SECONDS = 60
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# A manifest lists tables and files, a few hundred bytes each: more than this is not one of ours.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
SHA256 = re.compile(r"^[0-9a-f]{64}$")
BLOCK = 1 << 20
# What reading a damaged or cut-off tar.gz raises.
READ_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


def load_manifest(archive: tarfile.TarFile) -> object:
    """The archive's manifest as JSON read it (any kind of backup); BackupError when there is no readable one.
    Its shape is for the kind of backup to check."""
    try:
        member = archive.getmember(MANIFEST)
        if not member.isreg() or member.size > MAX_MANIFEST_BYTES:
            raise ValueError(MANIFEST)
        manifest = json.load(archive.extractfile(member))
    except (KeyError, ValueError, AttributeError, *READ_ERRORS):
        raise BackupError(_("This file is not a backup of the portal: it has no readable manifest.")) from None
    return manifest


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


def vendor_of(using: str) -> str:
    try:
        vendor = connections[using].vendor
    except ConnectionDoesNotExist:
        raise BackupError(
            _("There is no database %(alias)s in the settings (DATABASES); leave --database out for the portal's own.")
            % {"alias": using}
        ) from None
    if vendor not in DUMP_NAMES:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": vendor})
    return vendor


def pg_command_env(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
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


def run_program(command: list[str], env: dict[str, str]) -> None:
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


def count_rows(cursor, tables: list[str], quote) -> dict[str, int]:
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
            counts = count_rows(cursor, tables, connection.ops.quote_name)
            options, env = pg_command_env(connection.settings_dict)
            dump_options = ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            run_program(
                ["pg_dump", *options, *dump_options, "--file", str(target), connection.settings_dict["NAME"]], env
            )
    finally:
        raw.close()
    return counts


def _dump_sqlite(using: str, target: Path) -> dict[str, int]:
    """SQLite's online backup API copies a consistent database even while the portal writes."""
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS

    def give_up_when_busy_too_long(status: int, remaining: int, total: int) -> None:
        # sqlite3 retries a locked source for ever; a backup run from cron must end.
        if time.monotonic() > deadline:
            raise BackupError(
                _("The database stayed locked for %(seconds)d s; try the backup again later.")
                % {"seconds": SQLITE_BUSY_SECONDS}
            )

    try:
        connection.connection.backup(copy, pages=256, progress=give_up_when_busy_too_long)
        names = [row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables = sorted(name for name in names if not name.startswith("sqlite_"))
        return count_rows(copy.cursor(), tables, connection.ops.quote_name)
    finally:
        copy.close()


def create_backup(path: Path, media_root: Path, using: str = "default") -> BackupResult:
    """Write one archive with the database, the media folder and the manifest to path."""
    vendor = vendor_of(using)
    path = Path(path)
    if not (path.parent.is_dir() and os.access(path.parent, os.W_OK)):
        # Said before the database is read: a wrong path costs no dump.
        raise BackupError(
            _("Cannot write the backup to %(path)s: %(error)s")
            % {"path": path, "error": os.strerror(errno.ENOTDIR if path.parent.exists() else errno.ENOENT)}
        )
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
