"""`restore` of a one-municipality archive: into the same installation (--replace) or into another one.

In order, and the first failure ends the restore with the installation exactly as it was:
1. every member of the archive is checked against the manifest's size and SHA-256 in a temporary
   folder (operations/municipal_archive.py): nothing is written before all of them pass;
2. in one transaction: the municipality's present rows and their history are deleted (only with
   --replace; without it an existing municipality is refused), the files are written to the
   storage (a file already there with the same bytes is kept), the rows are created parents first;
3. a row keeps its primary key when that key is free in this installation and gets a new one when
   it is taken; every foreign key, many-to-many value and history row is rewritten through that
   mapping. Accounts are matched by username; a missing account is created (members with their
   password hash, so they can sign in; other named accounts inactive, without a password; nobody
   as a superuser). Shared rows (announcement channels) are matched by their unique code;
4. the restored municipality's row counts must equal the manifest's, every file must have its
   checksum and every published document must pass read_verified(), or all is rolled back and the
   files written are deleted. Only after the commit are the replaced rows' files no longer named
   by any restored row deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from itertools import groupby
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connections, models, transaction
from django.utils.translation import gettext as _

from municipalities.scoping import every_municipality, scope
from web.pagecache import bump_content_version
from web.stored_files import ChecksumMismatch, StoredDocument

from .backup import BackupError
from .municipal_archive import (
    Unpacked,
    file_fields,
    historical_models,
    is_historical,
    matching_field,
    owned_models,
    tenant_model,
    unpack,
)
from .municipal_backup import history_rows, live_rows, stored_files

# What a restore that cannot be written raises; each becomes a BackupError and a rollback.
WRITE_ERRORS = (
    DatabaseError,
    ValidationError,
    DeserializationError,
    SuspiciousOperation,
    OSError,
    LookupError,
    TypeError,
    ValueError,
    AttributeError,
)


def restore_municipality(path: Path, slug: str | None = None, replace: bool = False) -> dict:
    """Restore a one-municipality archive, all or nothing; returns its manifest."""
    with tempfile.TemporaryDirectory(prefix="istog-restore-") as work:
        unpacked = unpack(Path(path), Path(work))
        archived = unpacked.manifest["municipality"]["slug"]
        if slug and slug != archived:
            raise BackupError(
                _("This backup is of the municipality %(archived)s, not %(slug)s.")
                % {"archived": archived, "slug": slug}
            )
        with every_municipality("a restore looks for the archived municipality by its slug"):
            existing = tenant_model().objects.filter(slug=archived).first()
        if existing is not None and not replace:
            raise BackupError(
                _(
                    "The municipality %(slug)s exists in this installation. Add --replace to replace all its data "
                    "with the backup's (the other municipalities stay as they are)."
                )
                % {"slug": archived}
            )
        written: list[str] = []
        try:
            with transaction.atomic():
                replaced_files = _remove(existing) if existing is not None else set()
                names = _store_files(unpacked, written)
                municipality = _load(unpacked.data, names)
                problems = _verify(municipality, unpacked.manifest, names)
                if problems:
                    raise BackupError(
                        _("The restore does not match the backup: %(problems)s") % {"problems": "; ".join(problems)}
                    )
        except BaseException as error:
            for name in written:
                with contextlib.suppress(OSError):
                    default_storage.delete(name)
            if isinstance(error, WRITE_ERRORS):
                raise BackupError(_("The restore failed and changed nothing: %(error)s") % {"error": error}) from None
            raise
    for name in _unreferenced(replaced_files - set(names.values())):
        with contextlib.suppress(OSError):
            default_storage.delete(name)
    bump_content_version(None)
    return unpacked.manifest


def _remove(municipality) -> set[str]:
    """Delete the municipality's rows (children first) and their history; the names of their files."""
    owned = owned_models()
    with scope(municipality):
        live_pks = {model: list(live_rows(model, municipality).values_list("pk", flat=True)) for model in owned}
        files = set(stored_files(municipality, live_pks))
        for model in reversed(owned):
            live_rows(model, municipality).delete()
        # After the rows: their deletion added history rows of the same objects.
        for historical in historical_models(owned):
            history_rows(historical, municipality, live_pks).delete()
    return files


def _unreferenced(names: set[str]) -> set[str]:
    """The names no row of any municipality holds any more (a restore may have shared a file with the same bytes)."""
    for model in apps.get_models():
        for field in file_fields(model):
            held = model._base_manager.filter(**{f"{field.attname}__in": names}).values_list(field.attname, flat=True)
            names = names - set(held)
    return names


def _sha256(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as stored:
        for block in iter(lambda: stored.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _store_files(unpacked: Unpacked, written: list[str]) -> dict[str, str]:
    """Write the archive's files to the storage; archived name to stored name (a different one if taken)."""
    names = {}
    for name, copy in sorted(unpacked.files.items()):
        if default_storage.exists(name) and _sha256(name) == unpacked.manifest["files"][name]["sha256"]:
            names[name] = name  # the same bytes under the same name: this installation's own file
            continue
        with copy.open("rb") as content:
            stored = default_storage.save(name, File(content, name=name))
        written.append(stored)
        names[name] = stored
    return names


def _save(label: str, pk, fields: dict):
    """Create one row from serialized fields, raw (no history, no signals' side effects); its primary key."""
    entry = next(serializers.deserialize("python", [{"model": label, "pk": pk, "fields": fields}]))
    entry.save()
    return entry.object.pk


def _move_sequence_past(model: type[models.Model]) -> None:
    """PostgreSQL: the next new key follows the keys written explicitly (SQLite does this by itself).

    Never backwards, unlike Django's sequence reset: a key once used by a row deleted since still
    names that row's history, and must not be given to another row."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return
    table, column = model._meta.db_table, model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [quote(table), column])
        sequence = cursor.fetchone()[0]
        if sequence:
            cursor.execute(
                f"SELECT setval(%s::regclass, GREATEST(COALESCE((SELECT MAX({quote(column)}) FROM {quote(table)}), 1), "  # noqa: S608
                "pg_sequence_last_value(%s::regclass)))",
                [sequence, sequence],
            )


def _accounts(users: list[dict]) -> dict:
    """Archived account key to this installation's: matched by username, else created (never a superuser)."""
    user_model = get_user_model()
    mapping = {}
    for entry in users:
        fields = dict(entry["fields"])
        username = fields[user_model.USERNAME_FIELD]
        existing = user_model._base_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
        if existing is not None:
            mapping[entry["pk"]] = existing.pk
            continue
        fields["is_superuser"] = False
        if not entry.get("member"):
            # Named by the rows (who published, who moderated) but no staff here: a name, not a login.
            fields.update(is_active=False, is_staff=False, password=make_password(None))
        mapping[entry["pk"]] = _save(entry["model"], None, fields)
    return mapping


def _shared(rows: list[dict]) -> dict[str, dict]:
    """Shared rows matched by their unique field, created when missing; archived key to this installation's."""
    mapping: dict[str, dict] = {}
    for entry in rows:
        model = apps.get_model(entry["model"])
        key = matching_field(model)
        existing = model._base_manager.filter(**{key: entry["fields"][key]}).first()
        new = existing.pk if existing is not None else _save(entry["model"], None, entry["fields"])
        mapping.setdefault(model._meta.label_lower, {})[entry["pk"]] = new
    return mapping


def _rewrite(model: type[models.Model], fields: dict, mapping: dict, names: dict[str, str]) -> dict:
    """The fields with every key to another row and every file name as in this installation."""
    fields = dict(fields)
    historical = is_historical(model)
    for field in model._meta.concrete_fields:
        value = fields.get(field.name)
        if value is None or field.primary_key:
            continue
        if field.is_relation:
            target = field.related_model
            new = mapping.get(target._meta.label_lower, {}).get(value)
            if new is None:
                if not historical:
                    raise BackupError(
                        _("The backup names a row of %(model)s (%(pk)s) that it does not hold.")
                        % {"model": target._meta.label, "pk": value}
                    )
                # The history of a row deleted before the backup: kept unless it would name another's row.
                new = None if target._base_manager.filter(pk=value).exists() else value
            fields[field.name] = new
        elif isinstance(field, models.FileField) and value:
            fields[field.name] = names.get(value, value)
    if historical:
        tracked = model.instance_type
        name = tracked._meta.pk.name
        fields[name] = mapping.get(tracked._meta.label_lower, {}).get(fields[name], fields[name])
    for field in model._meta.many_to_many:
        targets = mapping.get(field.related_model._meta.label_lower, {})
        fields[field.name] = [targets[value] for value in fields.get(field.name, [])]
    return fields


def _taken(model: type[models.Model], pks: list) -> set:
    """The keys in use here: by a row, or by the history of a row deleted since (a key is never reused)."""
    taken = set(model._base_manager.filter(pk__in=pks).values_list("pk", flat=True))
    for historical in historical_models([model]):
        name = model._meta.pk.attname
        taken |= set(historical._base_manager.filter(**{f"{name}__in": pks}).values_list(name, flat=True))
    return taken


def _load(data: dict, names: dict[str, str]):
    """Create every archived row, parents first, through the key mapping; the restored municipality."""
    mapping = _shared(data["shared"])
    mapping[get_user_model()._meta.label_lower] = _accounts(data["users"])
    tenant_label = tenant_model()._meta.label_lower
    for label, group in groupby(data["objects"], key=lambda entry: entry["model"]):
        model = apps.get_model(label)
        entries = list(group)
        taken = _taken(model, [entry["pk"] for entry in entries])
        keys = mapping.setdefault(model._meta.label_lower, {})
        # Free keys first, written as they are; then the sequence moves past them for the new ones.
        for entry in [entry for entry in entries if entry["pk"] not in taken]:
            keys[entry["pk"]] = _save(label, entry["pk"], _rewrite(model, entry["fields"], mapping, names))
        _move_sequence_past(model)
        for entry in [entry for entry in entries if entry["pk"] in taken]:
            keys[entry["pk"]] = _save(label, None, _rewrite(model, entry["fields"], mapping, names))
    restored = list(mapping.get(tenant_label, {}).values())
    if len(restored) != 1:
        raise BackupError(_("The backup's manifest is incomplete or damaged."))
    return tenant_model()._base_manager.get(pk=restored[0])


def _verify(municipality, manifest: dict, names: dict[str, str]) -> list[str]:
    """What differs between the restored municipality and its manifest: counts, file checksums, documents."""
    problems = []
    for name, stored in names.items():
        try:
            if _sha256(stored) != manifest["files"][name]["sha256"]:
                problems.append(_("file %(name)s differs from the backup") % {"name": name})
        except OSError as error:
            problems.append(_("file %(name)s cannot be read: %(error)s") % {"name": name, "error": error})
    owned = owned_models()
    counts = {}
    with scope(municipality):
        live_pks = {model: list(live_rows(model, municipality).values_list("pk", flat=True)) for model in owned}
        counts = {model._meta.label: len(pks) for model, pks in live_pks.items()}
        for historical in historical_models(owned):
            counts[historical._meta.label] = history_rows(historical, municipality, live_pks).count()
        for model in owned:
            if issubclass(model, StoredDocument):
                for document in live_rows(model, municipality):
                    try:
                        document.read_verified()
                    except ChecksumMismatch as error:
                        problems.append(str(error))
    for label, count in counts.items():
        if manifest["counts"].get(label, 0) != count:
            problems.append(
                _("%(model)s has %(count)s rows instead of %(expected)s")
                % {"model": label, "count": count, "expected": manifest["counts"].get(label, 0)}
            )
    return problems
