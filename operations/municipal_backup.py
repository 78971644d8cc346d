"""`backup --municipality`: one municipality's rows, their history, accounts and files in one archive.

What the archive holds is described in operations/municipal_archive.py. The rows are read under
`scope(municipality)`, so another municipality's rows cannot enter it; the accounts keep their
password hashes, so that the staff of a municipality moved to another installation can sign in there.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Membership
from municipalities.scoping import every_municipality, scope

from .backup import BackupError, sha256_of
from .municipal_archive import (
    DATA,
    FILES_PREFIX,
    FORMAT_VERSION,
    KIND,
    MANIFEST,
    file_fields,
    historical_models,
    owned_models,
    owner_path,
    shared_models,
    tenant_model,
)


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, but times keep their microseconds (Django's own cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


@dataclass
class MunicipalBackupResult:
    path: Path
    rows: int
    files: int


def find_municipality(slug: str):
    """The municipality with this slug; BackupError naming the slug when there is none."""
    with every_municipality("a command names its municipality by slug"):
        municipality = tenant_model().objects.filter(slug=slug).first()
    if municipality is None:
        raise BackupError(_("There is no municipality %(slug)s in this installation.") % {"slug": slug})
    return municipality


def live_rows(model: type[models.Model], municipality) -> models.QuerySet:
    """The municipality's rows of an owned model; scoped models through their scoped manager (call in scope)."""
    if getattr(model._default_manager, "scope_path", None):
        return model._default_manager.all()
    return model._base_manager.filter(**{owner_path(model): municipality})


def history_rows(historical: type[models.Model], municipality, live_pks: dict) -> models.QuerySet:
    """The history of the municipality's objects: of its rows now, and of rows deleted from its parents."""
    tracked = historical.instance_type
    pk_name = tracked._meta.pk.attname
    first = owner_path(tracked).split("__")[0]
    belongs = Q(**{f"{pk_name}__in": live_pks.get(tracked, [])})
    if first == "pk":
        belongs |= Q(**{pk_name: municipality.pk})
    else:
        relation = historical._meta.get_field(first)
        if relation.related_model is tenant_model():
            belongs |= Q(**{relation.attname: municipality.pk})
        else:
            belongs |= Q(**{f"{relation.attname}__in": live_pks.get(relation.related_model, [])})
    return historical._base_manager.filter(belongs)


def collect(municipality) -> tuple[list[dict], dict[str, int], dict[type, list]]:
    """The municipality's rows and their history, serialized, parents first; their counts; the live primary keys."""
    objects: list[dict] = []
    counts: dict[str, int] = {}
    live_pks: dict[type, list] = {}
    owned = owned_models()
    with scope(municipality):
        for model in owned:
            rows = list(live_rows(model, municipality).order_by("pk"))
            live_pks[model] = [row.pk for row in rows]
            objects += serializers.serialize("python", rows)
            counts[model._meta.label] = len(rows)
        for historical in historical_models(owned):
            rows = list(history_rows(historical, municipality, live_pks).order_by("pk"))
            objects += serializers.serialize("python", rows)
            counts[historical._meta.label] = len(rows)
    return objects, counts, live_pks


def _references(objects: list[dict], target: type[models.Model]) -> set:
    """The primary keys of target's rows that the serialized objects point to."""
    found = set()
    for entry in objects:
        model = serializer_model(entry)
        for relation in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if not relation.is_relation or relation.related_model is not target:
                continue
            value = entry["fields"].get(relation.name)
            if isinstance(value, list):
                found.update(value)
            elif value is not None:
                found.add(value)
    return found


def serializer_model(entry: dict) -> type[models.Model]:
    return apps.get_model(entry["model"])


def accounts(objects: list[dict]) -> list[dict]:
    """The accounts the rows name, by username, with their password hash; members marked as such."""
    user_model = get_user_model()
    members = {entry["fields"]["user"] for entry in objects if entry["model"] == Membership._meta.label_lower}
    fields = [field.name for field in user_model._meta.concrete_fields if not field.primary_key]
    users = serializers.serialize(
        "python", user_model._base_manager.filter(pk__in=_references(objects, user_model)).order_by("pk"), fields=fields
    )
    for user in users:
        user["member"] = user["pk"] in members
    return users


def shared_rows(objects: list[dict]) -> list[dict]:
    """The rows no municipality owns that the municipality's rows point to (announcement channels)."""
    shared = []
    for model in shared_models(owned_models()):
        shared += serializers.serialize(
            "python", model._base_manager.filter(pk__in=_references(objects, model)).order_by("pk")
        )
    return shared


def stored_files(municipality, live_pks: dict) -> dict[str, models.FileField]:
    """Every file name the municipality's rows hold, with a field that opens it from its storage."""
    found = {}
    for model, pks in live_pks.items():
        for field in file_fields(model):
            names = model._base_manager.filter(pk__in=pks).exclude(**{field.attname: ""})
            for name in names.values_list(field.attname, flat=True):
                found[name] = field
    return found


def _copy_files(files: dict[str, models.FileField], folder: Path) -> dict[str, dict]:
    entries = {}
    for number, (name, field) in enumerate(sorted(files.items())):
        target = folder / f"{number}.bin"
        try:
            with field.storage.open(name, "rb") as source, target.open("wb") as written:
                for block in iter(lambda source=source: source.read(1 << 20), b""):
                    written.write(block)
        except OSError as error:
            raise BackupError(
                _("Cannot read the stored file %(name)s: %(error)s") % {"name": name, "error": error.strerror or error}
            ) from None
        entries[name] = {"sha256": sha256_of(target), "size": target.stat().st_size, "copy": target}
    return entries


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(datetime.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _check_writable(path: Path) -> None:
    if not (path.parent.is_dir() and os.access(path.parent, os.W_OK)):
        raise BackupError(
            _("Cannot write the backup to %(path)s: %(error)s")
            % {"path": path, "error": os.strerror(errno.ENOTDIR if path.parent.exists() else errno.ENOENT)}
        )


def _write_archive(path: Path, manifest: dict, data: bytes, files: Iterable[tuple[str, Path]]) -> None:
    partial = path.with_name(path.name + ".partial")
    try:
        with tarfile.open(partial, "w:gz") as archive:
            _add(archive, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
            _add(archive, DATA, data)
            for name, copy in files:
                archive.add(copy, arcname=FILES_PREFIX + name, recursive=False)
        partial.replace(path)  # only when complete: a full disk never leaves a file that looks like a backup
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise BackupError(
            _("Cannot write the backup to %(path)s: %(error)s") % {"path": path, "error": error.strerror or error}
        ) from None


def create_municipal_backup(path: Path, slug: str) -> MunicipalBackupResult:
    """Write one archive with the municipality's rows, history, accounts and files to path."""
    path = Path(path)
    municipality = find_municipality(slug)
    _check_writable(path)
    try:
        objects, counts, live_pks = collect(municipality)
        users = accounts(objects)
        shared = shared_rows(objects)
    except DatabaseError as error:
        raise BackupError(_("Cannot read the municipality's rows: %(error)s") % {"error": error}) from None
    counts[get_user_model()._meta.label] = len(users)
    rows = {"objects": objects, "users": users, "shared": shared}
    data = json.dumps(rows, cls=ExactJSONEncoder, sort_keys=True).encode()
    with tempfile.TemporaryDirectory(prefix="istog-backup-") as work:
        files = _copy_files(stored_files(municipality, live_pks), Path(work))
        manifest = {
            "format": FORMAT_VERSION,
            "kind": KIND,
            "created_at": timezone.now().isoformat(),
            "municipality": {"slug": municipality.slug, "name": municipality.name},
            "counts": counts,
            "data": {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)},
            "files": {name: {"sha256": entry["sha256"], "size": entry["size"]} for name, entry in files.items()},
        }
        _write_archive(path, manifest, data, ((name, entry["copy"]) for name, entry in files.items()))
    return MunicipalBackupResult(path=path, rows=sum(counts.values()), files=len(files))
