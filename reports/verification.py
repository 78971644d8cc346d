"""Which published report a PDF or a SHA-256 is, if any: for the verification page and command."""

from __future__ import annotations

import hashlib
from typing import IO

from .models import PublishedReportFile

CHUNK = 64 * 1024


class TooLarge(Exception):
    """The file is larger than the limit given: it is not one of the published reports."""


def sha256_of_stream(stream: IO[bytes], limit: int | None = None) -> str:
    """The hex SHA-256 of a file read in chunks (uploads may be large); TooLarge past `limit` bytes."""
    digest = hashlib.sha256()
    read = 0
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        read += len(chunk)
        if limit is not None and read > limit:
            raise TooLarge
        digest.update(chunk)
    return digest.hexdigest()


def find_match(checksum: str) -> PublishedReportFile | None:
    """The published report file with this SHA-256, with its version and municipality, or None."""
    return (
        PublishedReportFile.objects.filter(sha256=checksum.lower())
        .select_related("report", "report__municipality")
        .first()
    )
