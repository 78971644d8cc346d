"""Uploaded files: a disk that is full or read-only leaves no partial file and no orphan behind.

Files live in MEDIA_ROOT (DocumentStorage) by default, or in S3-compatible object storage
(ObjectStorage) when MEDIA_STORAGE_URL is set; code reaches them only through Django's storage API.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import logging
import os
from urllib.parse import parse_qsl, urlsplit

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import FileSystemStorage
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _
from storages.backends.s3 import S3Storage

logger = logging.getLogger(__name__)

# Names written during the current save, so that a failure can remove the ones already complete.
_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("written_files", default=None)

STORAGE_FAILURE_MESSAGES = {
    errno.ENOSPC: _(
        "The server's disk is full, so the file could not be stored. Nothing was saved: "
        "tell the portal's administrator, then choose the file again."
    ),
    errno.EROFS: _(
        "The server cannot store files at the moment (its folder is read-only). Nothing was "
        "saved: tell the portal's administrator, then choose the file again."
    ),
}
DEFAULT_FAILURE_MESSAGE = _(
    "The server could not store the file. Nothing was saved: tell the portal's administrator, "
    "then choose the file again."
)


PUBLICATION_FAILURE_MESSAGES = {
    errno.ENOSPC: _(
        "The server's disk is full, so the document's PDFs could not be stored. Nothing was published: "
        "tell the portal's administrator, then publish again."
    ),
    errno.EROFS: _(
        "The server cannot store files at the moment (its folder is read-only). Nothing was published: "
        "tell the portal's administrator, then publish again."
    ),
}
DEFAULT_PUBLICATION_FAILURE_MESSAGE = _(
    "The server could not store the document's PDFs. Nothing was published: tell the portal's administrator, "
    "then publish again."
)


def failure_message(error: OSError) -> str:
    """What to tell the staff member on the file field, by the kind of failure."""
    return str(STORAGE_FAILURE_MESSAGES.get(error.errno, DEFAULT_FAILURE_MESSAGE))


def publication_failure_message(error: OSError) -> str:
    """What to tell whoever publishes a document whose files could not be stored, by the kind of failure."""
    return str(PUBLICATION_FAILURE_MESSAGES.get(error.errno, DEFAULT_PUBLICATION_FAILURE_MESSAGE))


class StorageFailure(OSError):
    """Writing an uploaded file failed (disk full, read-only folder); nothing of it was kept."""


class DocumentStorage(FileSystemStorage):
    """FileSystemStorage that removes the truncated file when writing fails half-way (disk full)."""

    def _save(self, name: str, content) -> str:
        full_path = self.path(name)
        existed = os.path.lexists(full_path)
        try:
            saved = super()._save(name, content)
        except FileExistsError:
            raise
        except OSError as error:
            # Django's storage opens the file with O_EXCL, so a file that is there now and was not
            # before is our own partial write.
            if not existed:
                with contextlib.suppress(OSError):
                    os.remove(full_path)
            raise StorageFailure(error.errno, error.strerror, name) from error
        written = _written.get()
        if written is not None:
            written.append(saved)
        return saved


@contextlib.contextmanager
def removed_on_failure(storage):
    """Within the block, remember each file stored; if the block fails, delete them again.

    A save that stores two documents and fails on the second (or later, in the database) must
    not leave the first as an orphan: the database rolls back, so the files do too.
    """
    written: list[str] = []
    token = _written.set(written)
    try:
        yield written
    except BaseException:
        for name in written:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise
    finally:
        _written.reset(token)


def _object_storage_error(error: Exception, name: str) -> OSError:
    """A fault of the object storage as the OSError a disk would raise, so every caller handles both alike."""
    return StorageFailure(errno.EIO, f"object storage: {error}", name)


class ObjectStorage(S3Storage):
    """S3-compatible object storage (MEDIA_STORAGE_URL), failing the way DocumentStorage does.

    Every fault of the service (refused, timed out, an error answer) becomes an OSError
    (StorageFailure), which the upload forms, the publications and the downloads already turn
    into a clean message; a missing object is FileNotFoundError, as a missing file is. Files
    written during `removed_on_failure` are deleted again when the block fails.
    """

    def save(self, name, content, max_length=None):
        try:
            return super().save(name, content, max_length=max_length)
        except (BotoCoreError, ClientError) as error:
            raise _object_storage_error(error, name) from error

    def _save(self, name: str, content) -> str:
        saved = super()._save(name, content)
        written = _written.get()
        if written is not None:
            written.append(saved)
        return saved

    def _open(self, name, mode="rb"):
        try:
            opened = super()._open(name, mode)
            if "r" in mode:
                opened.file  # noqa: B018 - downloads now, so that a fault shows here and not half-way through a response
            return opened
        except (BotoCoreError, ClientError) as error:
            raise _object_storage_error(error, name) from error

    def delete(self, name):
        try:
            return super().delete(name)
        except (BotoCoreError, ClientError) as error:
            raise _object_storage_error(error, name) from error

    def exists(self, name):
        try:
            return super().exists(name)
        except (BotoCoreError, ClientError) as error:
            raise _object_storage_error(error, name) from error

    def size(self, name):
        try:
            return super().size(name)
        except (BotoCoreError, ClientError) as error:
            raise _object_storage_error(error, name) from error


def object_storage_settings(url: str, timeout: float) -> dict:
    """The STORAGES entry for MEDIA_STORAGE_URL=s3://bucket[/prefix]?endpoint_url=...&region_name=...

    Credentials come from boto's usual places (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the
    environment). A service that does not answer costs `timeout` seconds at most, without retries.
    """
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError("expected s3://bucket[/prefix]?endpoint_url=https://...")
    query = dict(parse_qsl(parts.query))
    unknown = set(query) - {"endpoint_url", "region_name", "addressing_style"}
    if unknown:
        raise ValueError(f"unknown parameters {sorted(unknown)}")
    return {
        "BACKEND": f"{__name__}.ObjectStorage",
        "OPTIONS": {
            "bucket_name": parts.netloc,
            "location": parts.path.strip("/"),
            "endpoint_url": query.get("endpoint_url"),
            "region_name": query.get("region_name"),
            # Never replace a stored object: a second file of the same name gets a new name, as on disk.
            "file_overwrite": False,
            "default_acl": None,
            "client_config": Config(
                connect_timeout=timeout,
                read_timeout=timeout,
                retries={"max_attempts": 1, "mode": "standard"},
                s3={"addressing_style": query.get("addressing_style", "path")},
            ),
        },
    }


def unavailable_response(name: str, error: OSError) -> HttpResponse:
    """The portal's "temporarily unavailable" page (503) for a stored file the storage cannot give now."""
    logger.error("Stored file %s cannot be read, not served: %s", name, error)
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "60"
    return response
