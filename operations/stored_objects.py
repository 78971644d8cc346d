"""The files a database names, checked in the storage that holds them (object storage's restore check).

With MEDIA_STORAGE_URL the files are objects in S3-compatible storage, backed up with the storage's
own tools (docs/deployment.md), not in the `backup` archive. After `restore` has loaded the
database, every file a row names must be in the storage, and every published document's bytes
must still have the checksum recorded when it was published; otherwise the restore fails.
"""

from __future__ import annotations

from django.apps import apps
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext as _

from web.storage import ObjectStorage
from web.stored_files import ChecksumMismatch, StoredDocument


def uses_object_storage() -> bool:
    return isinstance(storages["default"], ObjectStorage)


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    if hasattr(model, "instance_type"):  # django-simple-history's copies name files replaced since
        return []
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def object_problems(using: str = "default") -> list[str]:
    """Each file the database `using` names that its storage lacks or that no longer has its checksum."""
    problems = []
    for model in apps.get_models():
        fields = _file_fields(model)
        if not fields:
            continue
        for row in model._default_manager.using(using).iterator():
            for field in fields:
                file = getattr(row, field.attname)
                if not file:
                    continue
                try:
                    if isinstance(row, StoredDocument) and field.attname == "file":
                        row.read_verified()
                    elif not file.storage.exists(file.name):
                        problems.append(_("file %(name)s is missing") % {"name": file.name})
                except ChecksumMismatch:
                    problems.append(_("file %(name)s differs from the backup") % {"name": file.name})
                except OSError as error:
                    problems.append(_("file %(name)s cannot be read: %(error)s") % {"name": file.name, "error": error})
    return problems
