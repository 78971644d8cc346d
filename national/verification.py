"""The national report's files on the verification page (reports.verification, the same page for every document)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from municipalities.scoping import every_municipality
from reports.verification import Match
from web.addresses import absolute_url

from .figures import PLATFORM_URLCONF
from .models import NationalReport, NationalReportFile


def find_national_match(checksum: str) -> Match | None:
    """The published national report whose file has this SHA-256, or None."""
    with every_municipality("the national report belongs to no municipality"):
        found = NationalReportFile.objects.filter(sha256=checksum).select_related("report").first()
        if found is None:
            return None
        report = found.report
        latest = NationalReport.objects.of_year(report.year).values_list("version", flat=True)[0]
    with translation.override(found.language):
        latest_url = absolute_url(
            reverse(
                "national:national-report-version-pdf",
                kwargs={"year": report.year, "version": latest},
                urlconf=PLATFORM_URLCONF,
            )
        )
    return Match(
        file=found,
        municipality=_("The municipalities of Kosovo"),
        document=_("national report %(year)s") % {"year": report.year},
        version=report.version,
        published_at=report.published_at,
        page_url=absolute_url(
            reverse("national:national-report", kwargs={"year": report.year}, urlconf=PLATFORM_URLCONF)
        ),
        latest_version=latest,
        latest_url=latest_url,
    )
