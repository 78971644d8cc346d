"""The published versions of a year's report as open data: what the versions file and the year's JSON say."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import translation

from municipalities.models import Municipality

from .models import PublishedReport


def versions_document(
    municipality: Municipality | None, year: int, absolute_url: Callable[[str], str]
) -> dict[str, Any] | None:
    """Every published version of the year, newest first, with each PDF's address and SHA-256; None if none."""
    versions = list(PublishedReport.objects.of_year(municipality, year).defer("snapshot").prefetch_related("files"))
    if not versions:
        return None

    def pdf_url(report: PublishedReport, language: str) -> str:
        with translation.override(language):
            path = reverse("reports:annual-report-version-pdf", kwargs={"year": year, "version": report.version})
        return absolute_url(path)

    return {
        "latest_version": versions[0].version,
        "versions": [
            {
                "version": report.version,
                "published_at": report.published_at.isoformat(),
                "published_by": report.published_by_name,
                "reason": report.reason,
                "published_before_year_end": report.allow_incomplete_year,
                "files": [
                    {
                        "language": item.language,
                        "file_name": item.file_name,
                        "url": pdf_url(report, item.language),
                        "sha256": item.sha256,
                        "size": item.size,
                    }
                    for item in report.files.all()
                ],
            }
            for report in versions
        ],
    }
