"""What a backup of one municipality holds, and reading such an archive back with every checksum checked.

The archive (tar.gz) holds:
- `manifest.json`: `kind: "municipality"`, the municipality's slug and name, the number of rows of
  every model and the SHA-256 and size of `data.json` and of every stored file;
- `data.json`: the rows, serialized by Django's serializers (JSON, primary keys as in the source
  installation): every model the municipality owns directly or through a parent (the models with
  a scoped manager, municipalities/scoping.py, and those with a foreign key to the municipality),
  the django-simple-history rows of their objects, the accounts those rows name and the shared
  rows they point to (announcement channels, matched by their unique code on restore);
- `files/<name>`: every file those rows name (documents, emblem, published PDFs), byte for byte,
  read from whatever storage holds them (the media folder or object storage).
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext as _

from .backup import BLOCK, MANIFEST, READ_ERRORS, SHA256, BackupError, load_manifest

KIND = "municipality"
FORMAT_VERSION = 1
DATA = "data.json"
FILES_PREFIX = "files/"


def tenant_model() -> type[models.Model]:
    """The municipality: the model whose scoped manager filters on its own primary key."""
    for model in apps.get_models():
        if getattr(model._default_manager, "scope_path", None) == "pk":
            return model
    raise LookupError("no model is scoped by its primary key")


def is_historical(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type")  # django-simple-history's copies


def _tenant_field(model: type[models.Model]) -> models.ForeignKey | None:
    tenant = tenant_model()
    for candidate in model._meta.concrete_fields:
        if candidate.is_relation and candidate.related_model is tenant and not candidate.null:
            return candidate
    return None


def owner_path(model: type[models.Model]) -> str | None:
    """The lookup from a model's rows to their municipality; None for a model no municipality owns."""
    path = getattr(model._default_manager, "scope_path", None)
    if path:
        return path
    tenant_field = _tenant_field(model)
    return tenant_field.name if tenant_field else None


def _parents_first(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    ordered: list[type[models.Model]] = []
    remaining = list(chosen)
    while remaining:
        for model in remaining:
            parents = {
                candidate.related_model
                for candidate in model._meta.concrete_fields
                if candidate.is_relation and candidate.related_model is not model
            }
            if not parents & (set(remaining) - {model}):
                ordered.append(model)
                remaining.remove(model)
                break
        else:
            raise LookupError(f"foreign keys in a cycle: {remaining}")
    return ordered


def owned_models() -> list[type[models.Model]]:
    """Every model a municipality owns, parents before children."""
    return _parents_first(
        [model for model in apps.get_models() if not is_historical(model) and owner_path(model) is not None]
    )


def historical_models(owned: list[type[models.Model]]) -> list[type[models.Model]]:
    """The history models of the owned models, in the order of the models they record."""
    found = {model.instance_type: model for model in apps.get_models() if is_historical(model)}
    return [found[model] for model in owned if model in found]


def shared_models(owned: list[type[models.Model]]) -> list[type[models.Model]]:
    """Models no municipality owns that owned rows point to (not the accounts): matched by a unique field."""
    user_model = get_user_model()
    shared = []
    for model in owned:
        for relation in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            target = relation.related_model if relation.is_relation else None
            if target and target not in owned and target is not user_model and target not in shared:
                shared.append(target)
    return shared


def matching_field(model: type[models.Model]) -> str:
    """The unique field by which a shared row is found in another installation (e.g. a channel's code)."""
    for candidate in model._meta.concrete_fields:
        if candidate.unique and not candidate.primary_key:
            return candidate.name
    raise BackupError(
        _("%(model)s has no unique field to find its rows in another installation.") % {"model": model._meta.label}
    )


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    if is_historical(model):  # their file names are the live rows' (or replaced files'), not files of their own
        return []
    return [candidate for candidate in model._meta.concrete_fields if isinstance(candidate, models.FileField)]


@dataclass
class Unpacked:
    """An archive read and checked: its manifest, its rows and the folder holding its verified files."""

    manifest: dict
    data: dict
    folder: Path
    files: dict[str, Path] = field(default_factory=dict)


def is_municipal_archive(path: Path) -> bool:
    """Whether the archive at path is a backup of one municipality (False for anything else)."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            return read_manifest(archive).get("kind") == KIND
    except (BackupError, *READ_ERRORS):
        return False


def read_manifest(archive: tarfile.TarFile) -> dict:
    """The archive's manifest; BackupError when it has none or it is not an object."""
    manifest = load_manifest(archive)
    if not isinstance(manifest, dict):
        raise BackupError(_("This file is not a backup of the portal: it has no readable manifest."))
    return manifest


def _safe_name(name: object) -> bool:
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and all(part not in ("", ".", "..") for part in path.parts)


def _valid_entry(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("sha256"), str)
        and bool(SHA256.match(entry["sha256"]))
        and isinstance(entry.get("size"), int)
        and entry["size"] >= 0
    )


def _check_manifest(manifest: dict) -> None:
    if manifest.get("kind") != KIND or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("This backup's format is not one this version can restore."))
    municipality = manifest.get("municipality")
    files = manifest.get("files")
    complete = (
        isinstance(municipality, dict)
        and isinstance(municipality.get("slug"), str)
        and isinstance(manifest.get("counts"), dict)
        and all(isinstance(count, int) for count in manifest["counts"].values())
        and _valid_entry(manifest.get("data"))
        and isinstance(files, dict)
        and all(_safe_name(name) and _valid_entry(entry) for name, entry in files.items())
    )
    if not complete:
        raise BackupError(_("The backup's manifest is incomplete or damaged."))


def _extract(archive: tarfile.TarFile, member: tarfile.TarInfo, entry: dict, target: Path) -> None:
    """Copy one member to target, reading no more than the manifest's size; BackupError if it differs."""
    if not member.isreg() or member.size != entry["size"]:
        raise BackupError(_("%(name)s in the backup is damaged.") % {"name": member.name})
    digest = hashlib.sha256()
    source = archive.extractfile(member)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as written:
        for block in iter(lambda: source.read(BLOCK), b""):
            digest.update(block)
            written.write(block)
    if digest.hexdigest() != entry["sha256"]:
        raise BackupError(_("%(name)s in the backup is damaged.") % {"name": member.name})


def unpack(path: Path, folder: Path) -> Unpacked:
    """Read the archive into folder, checking every member against the manifest before anything is written."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = archive.getmembers()  # reads to the end: a cut-off archive fails here
            manifest = read_manifest(archive)
            _check_manifest(manifest)
            expected = {DATA: manifest["data"]} | {
                FILES_PREFIX + name: entry for name, entry in manifest["files"].items()
            }
            found: dict[str, Path] = {}
            for member in members:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or member.name in found:
                    raise BackupError(
                        _("The backup holds %(name)s, which its manifest does not list.") % {"name": member.name}
                    )
                target = folder / f"{len(found)}.bin"
                _extract(archive, member, expected[member.name], target)
                found[member.name] = target
    except READ_ERRORS as error:
        raise BackupError(
            _("The backup %(path)s is damaged or incomplete: %(error)s") % {"path": path, "error": error}
        ) from None
    missing = sorted(set(expected) - set(found))
    if missing:
        raise BackupError(_("The backup lacks %(names)s.") % {"names": ", ".join(missing)})
    try:
        data = json.loads(found.pop(DATA).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise BackupError(_("The backup's manifest is incomplete or damaged.")) from None
    if not isinstance(data, dict) or not all(isinstance(data.get(key), list) for key in ("objects", "users", "shared")):
        raise BackupError(_("The backup's manifest is incomplete or damaged."))
    files = {name.removeprefix(FILES_PREFIX): target for name, target in found.items()}
    return Unpacked(manifest=manifest, data=data, folder=folder, files=files)
