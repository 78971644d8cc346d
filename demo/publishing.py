"""The demo's published documents: a year's annual report and one consultation's report, once each."""

from __future__ import annotations

from django.utils.translation import gettext as _

from consultations.models import Hearing
from outcomes.publishing import publish_if_unpublished as publish_consultation_report_if_unpublished
from reports.publishing import publish_if_unpublished


def publish_demo_reports(stdout, reported: Hearing, year: int) -> None:
    """Publish the year's annual report and one consultation's report of the demo, once; say which versions.

    Run in the municipality's scope: a newcomer sees published documents at once, however often this runs.
    """
    report = publish_if_unpublished(year, reported.plan.municipality)
    stdout.write(_("Annual report %(year)s: version %(version)s.") % {"year": report.year, "version": report.version})
    # ... and one consultation's report, what was said and what the municipality did (once as well).
    consultation_report = publish_consultation_report_if_unpublished(reported)
    stdout.write(
        _("Report of the consultation “%(title)s”: version %(version)s.")
        % {"title": reported.title, "version": consultation_report.version}
    )
