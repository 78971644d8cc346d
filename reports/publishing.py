"""Publishing the annual report: freeze the figures and the PDFs of a year as version N.

`publish()` is the one way a version comes to exist; `manage.py publish_report` calls it, and
the admin's publish page asks for it with `request_publication()`: the officer's request only
records a ReportPublication and enqueues the task `run_publication`, which calls `publish()` in
the task worker. Everything happens in one transaction: a refusal or a failure leaves nothing
behind (files written before a failure are removed again), and the version with all its PDFs
becomes visible at once when it commits.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from consultations.models import ConsultationPlan
from municipalities.models import Municipality, language_codes_of
from municipalities.scoping import every_municipality, scope
from web.addresses import absolute_url
from web.publications import SERVER_FAILURE
from web.storage import StorageFailure, publication_failure_message
from web.stored_files import publisher_name, removed_on_failure, unset_public_address
from web.text_checks import MESSAGE as CONTROL_CHARACTERS_MESSAGE
from web.text_checks import has_forbidden_characters

from . import pdf
from .models import PublishedReport, PublishedReportFile, ReportPublication
from .snapshot import Difference, differences, summary_to_dict
from .summary import AnnualSummary, build_annual_summary, year_in_range

logger = logging.getLogger(__name__)


class PublishRefused(Exception):
    """Publishing was refused; the message says why, in the active language."""


@dataclass(frozen=True)
class Changes:
    """How today's figures differ from the latest published version of a year."""

    latest: PublishedReport | None
    differences: tuple[Difference, ...]
    plan_pk: int | None = None

    @property
    def changed(self) -> bool:
        return self.latest is not None and bool(self.differences)


def year_has_ended(year: int, today: datetime.date | None = None) -> bool:
    """Whether the calendar year is over in the portal's time zone."""
    return (today or timezone.localdate()) > datetime.date(year, 12, 31)


def changes_since_publication(year: int, municipality: Municipality | None = None) -> Changes:
    """The latest version of the year and the figures that moved since, in the active language."""
    municipality = municipality or Municipality.objects.current()
    latest = PublishedReport.objects.latest_of(municipality, year)
    if latest is None:
        return Changes(latest=None, differences=())
    live = build_annual_summary(year, municipality)
    moved = tuple(differences(latest.summary(translation.get_language()), live))
    plan_pk = ConsultationPlan.objects.filter(municipality=municipality, year=year).values_list("pk", flat=True).first()
    return Changes(latest=latest, differences=moved, plan_pk=plan_pk)


def changes_of_published_years(municipality: Municipality | None) -> list[Changes]:
    """For each year with a published version, newest first: what moved since its latest version."""
    years = PublishedReport.objects.filter(municipality=municipality).order_by("-year").values_list("year", flat=True)
    return [changes_since_publication(year, municipality) for year in dict.fromkeys(years)]


def can_publish(user) -> bool:
    """Only the Consultation officer group and superusers hold reports.publish_report."""
    return bool(user and user.is_active and user.has_perm("reports.publish_report"))


def check(year: int, reason: str, allow_incomplete_year: bool, municipality: Municipality | None, lock=False) -> None:
    """Raise PublishRefused for what refuses the next version before any figure is built."""
    if unset := unset_public_address():
        raise PublishRefused(unset)
    if has_forbidden_characters(reason):
        raise PublishRefused(str(CONTROL_CHARACTERS_MESSAGE))
    if not year_in_range(year) or municipality is None:
        raise PublishRefused(_("There is no plan of public consultations for %(year)s.") % {"year": year})
    plans = ConsultationPlan.objects.select_for_update() if lock else ConsultationPlan.objects
    plan = plans.filter(municipality=municipality, year=year).first()
    if plan is None:
        raise PublishRefused(_("There is no plan of public consultations for %(year)s.") % {"year": year})
    if not plan.is_published:
        raise PublishRefused(
            _("The plan of %(year)s is not published: publish the plan before its report.") % {"year": year}
        )
    if not allow_incomplete_year and not year_has_ended(year):
        raise PublishRefused(
            _("%(year)s has not ended yet. Confirm that you publish the report of a year in progress.") % {"year": year}
        )
    latest = PublishedReport.objects.latest_of(municipality, year)
    if latest is not None and not reason:
        raise PublishRefused(
            _("Say what version %(version)s corrects: a reason is required from version 2 on.")
            % {"version": latest.version + 1}
        )


def publish(
    year: int,
    user=None,
    reason: str = "",
    allow_incomplete_year: bool = False,
    municipality: Municipality | None = None,
) -> PublishedReport:
    """Publish the next version of the year's report, or raise PublishRefused and create nothing."""
    municipality = municipality or Municipality.objects.current()
    reason = (reason or "").strip()
    if user is not None and not can_publish(user):
        raise PublishRefused(_("Only the consultation officer may publish the annual report."))
    with transaction.atomic():
        # Locking the plan row makes two officers publishing at once take turns.
        check(year, reason, allow_incomplete_year, municipality, lock=True)
        latest = PublishedReport.objects.latest_of(municipality, year)
        version = latest.version + 1 if latest else 1
        summaries = _summaries(year, municipality)
        if latest is not None:
            language = settings.LANGUAGE_CODE
            if not differences(latest.summary(language), summaries[language]):
                raise PublishRefused(
                    _("Nothing changed since version %(version)s: there is nothing to publish.")
                    % {"version": latest.version}
                )
        return _freeze(municipality, year, version, summaries, user, reason, allow_incomplete_year)


def request_publication(
    year: int,
    user,
    reason: str = "",
    allow_incomplete_year: bool = False,
    municipality: Municipality | None = None,
) -> ReportPublication:
    """Ask the task worker to publish the year's next version; returns the record the page shows.

    Raises PublishRefused at once for what needs no rendering: the officer's permission, and a
    publication of the same report already in progress.
    """
    municipality = municipality or Municipality.objects.current()
    if not can_publish(user):
        raise PublishRefused(_("Only the consultation officer may publish the annual report."))
    running = latest_publication(municipality, year)
    if running is not None and running.in_progress:
        raise PublishRefused(
            _("The %(year)s report is being published already; this page shows when it is done.") % {"year": year}
        )
    check(year, (reason or "").strip(), allow_incomplete_year, municipality)  # at once, on the form
    publication = ReportPublication.objects.create(
        municipality=municipality,
        year=year,
        requested_by=user,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        reason=(reason or "").strip(),
        allow_incomplete_year=allow_incomplete_year,
    )
    publication.enqueue_on_commit(run_publication)
    return publication


def latest_publication(municipality: Municipality | None, year: int) -> ReportPublication | None:
    """The latest request to publish the year's report, whatever its state."""
    return ReportPublication.objects.filter(municipality=municipality, year=year).first()


@task()
def run_publication(publication_pk: int) -> int | None:
    """The task: publish what the officer asked for; records the version, or the reason in the officer's language."""
    with every_municipality("finding the municipality of a publication the worker was given"):
        publication = ReportPublication.objects.select_related("municipality", "requested_by").get(pk=publication_pk)
    if not publication.start():
        return None  # run already (a task is never run twice; this guards a second request for one row)
    with scope(publication.municipality), translation.override(publication.language):
        try:
            report = publish(
                publication.year,
                user=publication.requested_by,
                reason=publication.reason,
                allow_incomplete_year=publication.allow_incomplete_year,
                municipality=publication.municipality,
            )
        except PublishRefused as refusal:
            publication.fail(str(refusal))
            return None
        except Exception:
            logger.exception("Publishing the %s report failed", publication.year)
            publication.fail(str(SERVER_FAILURE))
            return None
    publication.finish(report.version)
    return report.version


def publish_if_unpublished(year: int, municipality: Municipality | None = None) -> PublishedReport:
    """The year's latest version, publishing version 1 first when there is none (demo, scripts)."""
    municipality = municipality or Municipality.objects.current()
    return PublishedReport.objects.latest_of(municipality, year) or publish(year, municipality=municipality)


def _summaries(year: int, municipality: Municipality) -> dict[str, AnnualSummary]:
    summaries = {}
    for language in language_codes_of(municipality):
        with translation.override(language):
            summaries[language] = build_annual_summary(year, municipality)
    return summaries


def _freeze(municipality, year, version, summaries, user, reason, allow_incomplete_year) -> PublishedReport:
    now = timezone.now()
    report = PublishedReport.objects.create(
        municipality=municipality,
        year=year,
        version=version,
        snapshot={language: summary_to_dict(summary) for language, summary in summaries.items()},
        reason=reason,
        allow_incomplete_year=allow_incomplete_year,
        published_by=user,
        published_by_name=publisher_name(user),
        published_at=now,
    )
    try:
        with removed_on_failure() as written:
            for language, summary in summaries.items():
                with translation.override(language):
                    content = pdf.annual_report_pdf(summary, _publication(report, summary), municipality)
                PublishedReportFile(report=report, language=language).store(content, written)
    except StorageFailure as error:
        # A full or read-only disk: the transaction rolls back, the files already stored are gone.
        logger.error("Storing the %s report of %s failed: %s", year, municipality.slug, error)
        raise PublishRefused(publication_failure_message(error)) from None
    logger.info("Published the %s report of %s as version %s", year, municipality.slug, version)
    return report


def _publication(report: PublishedReport, summary: AnnualSummary) -> pdf.Publication:
    return pdf.Publication(
        version=report.version,
        published_at=report.published_at,
        published_by_name=report.published_by_name,
        reference=pdf.reference_number(summary.municipality.reference_prefix, report.year, report.version),
        verify_url=absolute_url(reverse("reports:verify")),
    )
