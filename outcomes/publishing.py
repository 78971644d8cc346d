"""Responding to a consultation's comments and requests, and publishing its report.

`respond()` gives one response to several items (a comment is turned into a request first, so
its response is kept in the register like every other); `problems()` says what keeps a report
from being published; `publish()` is the one way a version comes to exist: in one transaction it
freezes the items, stores the PDF in each language with its checksum and, for version 1, queues
one email to each citizen who left an address and agreed to be written to. The staff page asks
for it with `request_publication()`: the request records a ConsultationReportPublication and
enqueues the task `run_publication`, which calls `publish()` in the task worker, so the officer's
page returns at once and shows the publication in progress, then its version or why it failed.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from consultations.models import Hearing
from municipalities.models import language_codes_of
from municipalities.scoping import every_municipality, scope
from notifications.mail import deliver, one_line
from notifications.models import OutgoingMail
from participation import moderation
from participation.models import Comment
from register import answers
from register.models import CitizenRequest
from web.addresses import absolute_url
from web.fallback import localized
from web.publications import SERVER_FAILURE
from web.storage import StorageFailure, publication_failure_message
from web.stored_files import publisher_name, removed_on_failure, unset_public_address
from web.text_checks import MESSAGE as CONTROL_CHARACTERS_MESSAGE
from web.text_checks import has_forbidden_characters

from . import documents
from .items import Outcome, from_snapshot, gather, to_snapshot
from .models import ConsultationReport, ConsultationReportFile, ConsultationReportPublication

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "outcomes.publish_consultationreport"


class PublishRefused(Exception):
    """Publishing was refused; `problems` says why, in the active language."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


def can_publish(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def has_ended(hearing: Hearing) -> bool:
    """Whether the consultation has something to report on: held, or a written consultation now closed."""
    if hearing.status == Hearing.Status.HELD:
        return True
    return (
        hearing.status == Hearing.Status.PLANNED
        and hearing.method == Hearing.Method.WRITTEN
        and hearing.ends_at < timezone.now()
    )


def problems(hearing: Hearing, outcome: Outcome | None = None) -> list[str]:
    """What keeps the hearing's report from being published now, in the active language (empty: nothing)."""
    found: list[str] = []
    if hearing.status == Hearing.Status.CANCELLED:
        return [_("The consultation was cancelled: there is nothing to report.")]
    if unset := unset_public_address():
        found.append(unset)
    if not Hearing.objects.published().filter(pk=hearing.pk).exists():
        found.append(_("The consultation is not published on the portal: publish it first."))
    if not has_ended(hearing):
        found.append(
            _("The consultation has not ended yet: record it as held (or wait until its comments close) first.")
        )
    outcome = outcome or gather(hearing)
    if outcome.pending:
        found.append(
            ngettext(
                "%(count)d comment still awaits moderation.",
                "%(count)d comments still await moderation.",
                outcome.pending,
            )
            % {"count": outcome.pending}
        )
    for item in outcome.without_response:
        found.append(_("No response yet: %(item)s") % {"item": item.label})
    return found


def respond(hearing: Hearing, request_pks: list[int], comment_pks: list[int], data: dict) -> answers.Outcome:
    """One response to the chosen requests and comments of the hearing, all or none.

    `data` is register.forms.AnswerRequestsForm's cleaned data. Comments are turned into requests
    first; if any item breaks the register's rules nothing is saved, those turned requests included.
    """
    with transaction.atomic():
        comments = list(
            Comment.objects.filter(hearing=hearing, pk__in=comment_pks, status=Comment.Status.PUBLISHED).select_related(
                "hearing__directorate"
            )
        )
        created, _skipped = moderation.turn_into_requests(comments)
        chosen = list(CitizenRequest.objects.filter(hearing=hearing, pk__in=request_pks, withheld=False))
        outcome = answers.answer_several(chosen + created, data)
        if outcome.refused:
            transaction.set_rollback(True)
    return outcome


def refusals(hearing: Hearing, outcome: Outcome, latest, snapshot: dict, reason: str) -> list[str]:
    """Why the next version may not be published now, in the active language; empty when it may."""
    found = problems(hearing, outcome)
    if latest is not None and not reason:
        found.append(
            _("Say what version %(version)s corrects: a reason is required from version 2 on.")
            % {"version": latest.version + 1}
        )
    if latest is not None and latest.snapshot == snapshot:
        found.append(
            _("Nothing changed since version %(version)s: there is nothing to publish.") % {"version": latest.version}
        )
    return found


def publish(hearing: Hearing, user=None, reason: str = "") -> ConsultationReport:
    """Publish the next version of the hearing's report, or raise PublishRefused and create nothing."""
    reason = (reason or "").strip()
    if user is not None and not can_publish(user):
        raise PublishRefused([_("Only the consultation officer may publish a consultation's report.")])
    if has_forbidden_characters(reason):
        raise PublishRefused([str(CONTROL_CHARACTERS_MESSAGE)])
    with transaction.atomic():
        # Locking the hearing makes two officers publishing at once take turns.
        hearing = Hearing.objects.select_for_update().select_related("plan__municipality").get(pk=hearing.pk)
        outcome = gather(hearing)
        latest = ConsultationReport.objects.latest_of(hearing)
        version = latest.version + 1 if latest else 1
        snapshot = to_snapshot(outcome)
        if found := refusals(hearing, outcome, latest, snapshot, reason):
            raise PublishRefused(found)
        report = ConsultationReport.objects.create(
            hearing=hearing,
            version=version,
            snapshot=snapshot,
            reason=reason,
            published_by=user,
            published_by_name=publisher_name(user),
            published_at=timezone.now(),
        )
        _store_files(report)
        if version == 1:
            report.notified = _tell_citizens(hearing)
            report.save(update_fields=["notified"])
    logger.info("Published the report of consultation %s as version %s", hearing.pk, version)
    return report


def request_publication(hearing: Hearing, user, reason: str = "") -> ConsultationReportPublication:
    """Ask the task worker to publish the hearing's next version; returns the record the page shows.

    Raises PublishRefused at once for what needs no rendering: the officer's permission, text that
    cannot be published, and a publication of this report already in progress.
    """
    reason = (reason or "").strip()
    if not can_publish(user):
        raise PublishRefused([_("Only the consultation officer may publish a consultation's report.")])
    if has_forbidden_characters(reason):
        raise PublishRefused([str(CONTROL_CHARACTERS_MESSAGE)])
    running = latest_publication(hearing)
    if running is not None and running.in_progress:
        raise PublishRefused([_("This report is being published already; this page shows when it is done.")])
    # What can be said without rendering is said at once, on the form; publish() checks it again.
    outcome = gather(hearing)
    if found := refusals(hearing, outcome, ConsultationReport.objects.latest_of(hearing), to_snapshot(outcome), reason):
        raise PublishRefused(found)
    publication = ConsultationReportPublication.objects.create(
        hearing=hearing,
        requested_by=user,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        reason=reason,
    )
    publication.enqueue_on_commit(run_publication)
    return publication


def latest_publication(hearing: Hearing) -> ConsultationReportPublication | None:
    """The latest request to publish the hearing's report, whatever its state."""
    return ConsultationReportPublication.objects.filter(hearing=hearing).first()


@task()
def run_publication(publication_pk: int) -> int | None:
    """The task: publish what the officer asked for; records the version, or the reasons in the officer's language."""
    with every_municipality("finding the consultation of a publication the worker was given"):
        publication = ConsultationReportPublication.objects.select_related(
            "hearing__plan__municipality", "requested_by"
        ).get(pk=publication_pk)
    if not publication.start():
        return None
    with scope(publication.hearing.plan.municipality), translation.override(publication.language):
        try:
            report = publish(publication.hearing, publication.requested_by, publication.reason)
        except PublishRefused as refusal:
            publication.fail(" ".join(refusal.problems))
            return None
        except Exception:
            logger.exception("Publishing the report of consultation %s failed", publication.hearing_id)
            publication.fail(str(SERVER_FAILURE))
            return None
    publication.notified = report.notified
    ConsultationReportPublication._base_manager.filter(pk=publication.pk).update(notified=report.notified)
    publication.finish(report.version)
    return report.version


def publish_if_unpublished(hearing: Hearing) -> ConsultationReport:
    """The hearing's latest version, publishing version 1 first when there is none (demo, scripts)."""
    return ConsultationReport.objects.latest_of(hearing) or publish(hearing)


def _store_files(report: ConsultationReport) -> None:
    outcome = from_snapshot(report.snapshot)
    try:
        with removed_on_failure() as written:
            for language in language_codes_of(report.hearing.plan.municipality):
                with translation.override(language):
                    content = documents.report_pdf(report.hearing, report, outcome)
                ConsultationReportFile(report=report, language=language).store(content, written)
    except StorageFailure as error:
        # A full or read-only disk: the transaction rolls back, the files already stored are gone.
        logger.error("Storing the report of consultation %s failed: %s", report.hearing_id, error)
        raise PublishRefused([publication_failure_message(error)]) from None


def recipients(hearing: Hearing) -> dict[str, str]:
    """Who is told of the report, address → language: commenters who left an address, and citizens whose
    request carries one they agreed to be written to at (one message per address)."""
    found: dict[str, str] = {}
    comments = Comment.objects.filter(hearing=hearing, status=Comment.Status.PUBLISHED, consent=True).exclude(email="")
    for email, language in comments.order_by("created_at", "pk").values_list("email", "language"):
        found.setdefault(email.strip().lower(), language)
    requests = CitizenRequest.objects.filter(hearing=hearing, withheld=False, email_consent=True).exclude(
        citizen_email=""
    )
    for email, language in requests.order_by("received_on", "pk").values_list("citizen_email", "language"):
        found.setdefault(email.strip().lower(), language)
    return found


def _tell_citizens(hearing: Hearing) -> int:
    """Queue one message per recipient (it leaves after the commit); returns how many were queued."""
    addresses = recipients(hearing)
    for address, language in addresses.items():
        language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "hearing": hearing,
                "page_url": absolute_url(hearing.get_absolute_url()) + "#outcome-heading",
                "site_url": settings.SITE_URL,
            }
            title = localized(hearing, "title").text
            subject = one_line(_("The report of the consultation is published: %(title)s") % {"title": title})
            body = render_to_string("outcomes/email/report_published.txt", context)
        deliver(address, subject, body, OutgoingMail.Kind.REPORT)
    return len(addresses)
