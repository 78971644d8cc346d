"""A consultation's report: its PDF for everyone once published, and the page where staff respond and publish."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from consultations.models import Hearing
from web.cyrillic import source_language
from web.stored_files import ChecksumMismatch, download

from . import documents, publishing
from .forms import PublishForm, RespondForm
from .items import gather
from .models import ConsultationReport, ConsultationReportFile

logger = logging.getLogger(__name__)

VIEW_PERMISSION = "register.view_citizenrequest"
RESPOND_PERMISSION = "register.change_citizenrequest"


def _language() -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _published_report(request: HttpRequest, pk: int, version: int | None) -> ConsultationReport:
    if not Hearing.objects.public(request.municipality).filter(pk=pk).exists():
        raise Http404(_("There is no such public consultation."))
    reports = ConsultationReport.objects.of_hearing(pk).select_related("hearing").prefetch_related("files")
    # raporti-v0.pdf is no version: only the address without a number means the latest.
    report = reports.first() if version is None else reports.filter(version=version).first()
    if report is None:
        raise Http404(_("The report of this consultation has not been published yet."))
    return report


def _serve(request: HttpRequest, report_file: ConsultationReportFile) -> HttpResponse:
    try:
        return download(request, report_file)
    except ChecksumMismatch as error:
        logger.error("Consultation report file does not match its checksum, not served: %s", error)
        response = render(request, "reports/report_unavailable.html", status=503)
        response["Retry-After"] = "3600"
        return response


@require_safe
def report_pdf(request: HttpRequest, pk: int, version: int | None = None) -> HttpResponse:
    """The published report's stored PDF in the page's language (the latest version, or version N)."""
    report = _published_report(request, pk, version)
    # A version published before its language existed (Serbian Cyrillic) has the Serbian Latin file.
    language = _language()
    report_file = (
        report.file_for(language)
        or report.file_for(source_language(language))
        or report.file_for(settings.LANGUAGE_CODE)
    )
    if report_file is None:
        raise Http404(_("There is no PDF of this version."))
    return _serve(request, report_file)


def _staff_hearing(request: HttpRequest, pk: int, permission: str = VIEW_PERMISSION) -> Hearing:
    if not (request.user.is_staff and request.user.has_perm(permission)):
        raise PermissionDenied
    return get_object_or_404(
        Hearing.objects.of(request.municipality).select_related("plan__municipality", "place", "directorate"), pk=pk
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required(login_url=reverse_lazy("admin:login"))
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Every comment and request of the consultation with its response; respond to several; publish."""
    hearing = _staff_hearing(request, pk)
    outcome = gather(hearing)
    respond_form = RespondForm(outcome=outcome)
    publish_form = PublishForm()
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "respond":
        if not request.user.has_perm(RESPOND_PERMISSION):
            raise PermissionDenied
        respond_form = RespondForm(request.POST, outcome=outcome)
        if respond_form.is_valid():
            request_pks, comment_pks = respond_form.chosen()
            result = publishing.respond(hearing, request_pks, comment_pks, respond_form.cleaned_data)
            if result.refused:
                names = "; ".join(f"{obj}: {' '.join(error.messages)}" for obj, error in result.invalid) or _(
                    "withheld from publication"
                )
                respond_form.add_error(None, _("No response was saved: %(list)s") % {"list": names})
            else:
                count = len(result.changed)
                messages.success(
                    request,
                    ngettext("%(count)d response was saved.", "%(count)d responses were saved.", count)
                    % {"count": count},
                )
                return redirect(reverse("outcomes:staff-report", args=[hearing.pk]))
    elif action == "publish":
        if not publishing.can_publish(request.user):
            raise PermissionDenied
        publish_form = PublishForm(request.POST)
        if publish_form.is_valid():
            try:
                publishing.request_publication(hearing, request.user, publish_form.cleaned_data["reason"])
            except publishing.PublishRefused as refused:
                for problem in refused.problems:
                    publish_form.add_error(None, problem)
            else:
                # The PDFs of every language are rendered by the task worker; this page shows the outcome.
                messages.info(request, _("The report is being published; reload this page in a minute."))
                return redirect(reverse("outcomes:staff-report", args=[hearing.pk]))
    elif action is not None:
        return HttpResponse(status=400)
    context = {
        "hearing": hearing,
        "outcome": outcome,
        "counts": outcome.counts,
        "problems": publishing.problems(hearing, outcome),
        "respond_form": respond_form,
        "publish_form": publish_form,
        "versions": list(ConsultationReport.objects.of_hearing(hearing).select_related("published_by")),
        "publication": publishing.latest_publication(hearing),
        "can_respond": request.user.has_perm(RESPOND_PERMISSION),
        "can_publish": publishing.can_publish(request.user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "outcomes/staff_report.html", context, status=status)


@require_safe
@login_required(login_url=reverse_lazy("admin:login"))
def staff_preview_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as it would be published now, marked as a preview (staff only)."""
    hearing = _staff_hearing(request, pk)
    response = HttpResponse(documents.report_pdf(hearing, None, gather(hearing)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="raporti-paraparje-{hearing.pk}.pdf"'
    return response
