"""Publishing the national report: freeze the year's national figures and a PDF per language as version N.

As reports.publishing does for a municipality's annual report: one transaction, a reason from
version 2 on, nothing published twice unchanged, files removed again if anything fails. The
admin action and `manage.py publish_national_report` both call `publish_national_report`.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.pdf import Publication
from reports.snapshot import dataclass_to_dict
from reports.summary import year_in_range
from web.addresses import absolute_url
from web.storage import StorageFailure, publication_failure_message
from web.stored_files import publisher_name, removed_on_failure, unset_public_address
from web.text_checks import MESSAGE as CONTROL_CHARACTERS_MESSAGE
from web.text_checks import has_forbidden_characters

from . import documents
from .figures import NationalFigures, build_national_figures
from .models import NationalReport, NationalReportFile

logger = logging.getLogger(__name__)


class PublishRefused(Exception):
    """Publishing was refused; the message says why, in the active language."""


def can_publish(user) -> bool:
    """Superusers for now (the read-only national role comes with the multi-municipality installation)."""
    return bool(user and user.is_active and user.has_perm("national.publish_national_report"))


def _comparable(figures: NationalFigures) -> dict:
    data = dataclass_to_dict(figures)
    data.pop("generated_at")
    return data


def publish_national_report(year: int, user=None, reason: str = "") -> NationalReport:
    """Publish the next version of the year's national report, or raise PublishRefused and create nothing."""
    reason = (reason or "").strip()
    if user is not None and not can_publish(user):
        raise PublishRefused(_("You may not publish the national report."))
    if unset := unset_public_address():
        raise PublishRefused(unset)
    if has_forbidden_characters(reason):
        raise PublishRefused(str(CONTROL_CHARACTERS_MESSAGE))
    if not year_in_range(year):
        raise PublishRefused(_("There is no national report for %(year)s.") % {"year": year})
    with transaction.atomic():
        latest = NationalReport.objects.select_for_update().of_year(year).first()
        version = latest.version + 1 if latest else 1
        if latest is not None and not reason:
            raise PublishRefused(
                _("Say what version %(version)s corrects: a reason is required from version 2 on.")
                % {"version": version}
            )
        figures = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                figures[language] = build_national_figures(year)
        if latest is not None:
            language = settings.LANGUAGE_CODE
            if _comparable(latest.figures(language)) == _comparable(figures[language]):
                raise PublishRefused(
                    _("Nothing changed since version %(version)s: there is nothing to publish.")
                    % {"version": latest.version}
                )
        return _freeze(year, version, figures, user, reason)


def _freeze(year: int, version: int, figures: dict[str, NationalFigures], user, reason: str) -> NationalReport:
    report = NationalReport.objects.create(
        year=year,
        version=version,
        snapshot={language: dataclass_to_dict(item) for language, item in figures.items()},
        reason=reason,
        published_by=user,
        published_by_name=publisher_name(user),
        published_at=timezone.now(),
    )
    try:
        with removed_on_failure() as written:
            for language, item in figures.items():
                with translation.override(language):
                    content = documents.national_report_pdf(item, publication(report))
                NationalReportFile(report=report, language=language).store(content, written)
    except StorageFailure as error:
        logger.error("Storing the %s national report failed: %s", year, error)
        raise PublishRefused(publication_failure_message(error)) from None
    logger.info("Published the %s national report as version %s", year, version)
    return report


def publication(report: NationalReport) -> Publication:
    """What a published version prints on each page: its version, reference and where to verify it."""
    return Publication(
        version=report.version,
        published_at=report.published_at,
        published_by_name=report.published_by_name,
        reference=f"{report.year}-v{report.version}",
        verify_url=absolute_url(reverse("reports:verify", urlconf=documents.PORTAL_URLCONF)),
    )
