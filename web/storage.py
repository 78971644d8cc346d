"""Uploaded files: a disk that is full or read-only leaves no partial file and no orphan behind."""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

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
