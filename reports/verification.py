"""Which published document a PDF or a SHA-256 is, if any: for the verification page and command.

Every document the portal publishes is checked: the annual report's files (reports) and each
consultation's report files (outcomes), all stored with their SHA-256. A match that a later version
has replaced says so and points at the current version.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from outcomes.models import ConsultationReport, ConsultationReportFile
from web.stored_files import StoredDocument

from .models import PublishedReport, PublishedReportFile

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


@dataclass(frozen=True)
class Match:
    """A published file with this checksum: what document, which version, and the current one."""

    file: StoredDocument
    municipality: str
    document: str  # "annual report 2025", in the active language
    version: int
    published_at: datetime.datetime
    page_url: str
    latest_version: int
    latest_url: str  # the current version's PDF in the matched file's language

    @property
    def language(self) -> str:
        return self.file.language

    @property
    def language_name(self) -> str:
        return self.file.get_language_display()

    @property
    def replaced(self) -> bool:
        return self.version < self.latest_version


# Documents published by apps above this one (the national report): they register a finder,
# which returns the Match of a file with this SHA-256, or None.
_finders: list[Callable[[str], Match | None]] = []


def register_finder(finder: Callable[[str], Match | None]) -> None:
    """Let an app above this one have its published files checked on the same verification page."""
    if finder not in _finders:
        _finders.append(finder)


def find_match(checksum: str) -> Match | None:
    """The published document whose file has this SHA-256, or None."""
    checksum = checksum.lower()
    for finder in _finders:
        if (found := finder(checksum)) is not None:
            return found
    annual = PublishedReportFile.objects.filter(sha256=checksum).select_related("report__municipality").first()
    if annual is not None:
        return _annual_match(annual)
    consultation = (
        ConsultationReportFile.objects.filter(sha256=checksum)
        .select_related("report__hearing__plan__municipality")
        .first()
    )
    if consultation is not None:
        return _consultation_match(consultation)
    return None


def _annual_match(found: PublishedReportFile) -> Match:
    report = found.report
    latest = PublishedReport.objects.of_year(report.municipality, report.year).values_list("version", flat=True)[0]
    with translation.override(found.language):
        latest_url = reverse("reports:annual-report-version-pdf", kwargs={"year": report.year, "version": latest})
    return Match(
        file=found,
        municipality=report.municipality.name,
        document=_("annual report %(year)s") % {"year": report.year},
        version=report.version,
        published_at=report.published_at,
        page_url=reverse("reports:annual-report", kwargs={"year": report.year}),
        latest_version=latest,
        latest_url=latest_url,
    )


def _consultation_match(found: ConsultationReportFile) -> Match:
    report = found.report
    hearing = report.hearing
    latest = ConsultationReport.objects.of_hearing(hearing).values_list("version", flat=True)[0]
    with translation.override(found.language):
        latest_url = reverse("outcomes:report-version-pdf", kwargs={"pk": hearing.pk, "version": latest})
    return Match(
        file=found,
        municipality=hearing.plan.municipality.name,
        document=_("report of the consultation “%(title)s”") % {"title": hearing.title},
        version=report.version,
        published_at=report.published_at,
        page_url=report.get_absolute_url(),
        latest_version=latest,
        latest_url=latest_url,
    )
