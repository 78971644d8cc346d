"""Published documents stored as bytes with their SHA-256: one language's PDF of a frozen version.

The annual report (reports) and each consultation's report (outcomes) keep their PDFs this way:
the checksum is taken when the version is published and every download checks it again, so a
file changed or lost on disk is never served as the published document.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .languages import language_choices


def unset_public_address() -> str:
    """Why nothing may be published yet, in the active language; '' when the public address is set.

    A published document never changes, so the address it prints and encodes in its QR code is
    frozen with it: the development server's default would point nowhere for ever."""
    if settings.SITE_URL_CONFIGURED:
        return ""
    return gettext(
        "The portal's public address is not configured: set SITE_URL (for example "
        "https://konsultime.example.org) before publishing, because a published document keeps "
        "the address it links to."
    )


def publisher_name(user) -> str:
    """The name a published version records for the account that published it: its full name, else its
    username; '' when no account did (a command or the demo). Never the plan's official, who signs
    the document but may not be the one who published it."""
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


def sha256_of(content: bytes) -> str:
    """The hex SHA-256 of some bytes, as stored and shown everywhere."""
    return hashlib.sha256(content).hexdigest()


class ChecksumMismatch(Exception):
    """A stored file is missing or no longer has the checksum recorded when it was published."""

    def __init__(self, report_file: StoredDocument, detail: str) -> None:
        self.report_file = report_file
        super().__init__(f"{report_file.file.name}: {detail}")


class StoredDocument(models.Model):
    """One language's file of a published version; the subclass adds its version and its `file` field."""

    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size in bytes"))

    file: models.FileField
    file_name: str  # the download name, in the document's language

    class Meta:
        abstract = True

    def store(self, content: bytes, written: list[str]) -> None:
        """Write the bytes to storage with their checksum and save the row; the file's name goes to `written`."""
        self.sha256 = sha256_of(content)
        self.size = len(content)
        self.file.save(self.file_name, ContentFile(content), save=False)
        written.append(self.file.name)
        self.save()

    def read_verified(self) -> bytes:
        """The stored bytes, or ChecksumMismatch when they no longer match the checksum (or are gone)."""
        try:
            with self.file.open("rb") as stored:
                content = stored.read()
        except OSError as error:
            raise ChecksumMismatch(self, str(error)) from None
        if sha256_of(content) != self.sha256:
            raise ChecksumMismatch(self, "checksum differs")
        return content


@contextlib.contextmanager
def removed_on_failure() -> Iterator[list[str]]:
    """The names of the files a publication writes; on any failure they are deleted before the error goes on."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            with contextlib.suppress(OSError):  # a read-only disk must not hide the error that matters
                default_storage.delete(name)
        raise


def download(request: HttpRequest, document: StoredDocument) -> HttpResponse:
    """The stored bytes as an attachment after checking the checksum, which is also the ETag (304 if unchanged).

    Raises ChecksumMismatch, never serving a damaged file; the caller says so its own way.
    """
    content = document.read_verified()
    etag = f'"{document.sha256}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=3600)
    response.page_cache_exempt = True  # never from the shared page cache: the next download checks again
    return response
