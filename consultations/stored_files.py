"""Published documents stored as bytes with their SHA-256: one language's PDF of a frozen version.

The annual report (reports) and each consultation's report (outcomes) keep their PDFs this way:
the checksum is taken when the version is published and every download checks it again, so a
file changed or lost on disk is never served as the published document.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size in bytes"))

    file: models.FileField

    class Meta:
        abstract = True

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
