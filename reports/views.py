"""The annual report's pages: the list of years, the report, its PDFs and verification.

The views only wire things together: a published version's frozen figures and stored PDF
when there is one, otherwise the live figures marked provisional, in the language of the
address's prefix.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from consultations.models import ConsultationPlan
from web.addresses import absolute_url
from web.cyrillic import source_language
from web.stored_files import download

from . import open_data, pdf, provisional
from .forms import VerifyForm
from .models import ChecksumMismatch, PublishedReport, PublishedReportFile
from .publishing import year_has_ended
from .snapshot import differences
from .summary import AnnualSummary, PlanNotFound, build_annual_summary, year_in_range
from .verification import find_match

logger = logging.getLogger(__name__)


def _language(request: HttpRequest) -> str:
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def _live_summary(request: HttpRequest, year: int) -> AnnualSummary:
    """The live report of a year whose plan the public may see; 404 for any other year."""
    if not year_in_range(year):
        raise Http404(_("There is no report for that year."))
    try:
        return build_annual_summary(year, request.municipality, published_only=True)
    except PlanNotFound:
        raise Http404(_("There is no published plan of public consultations for that year.")) from None


def _versions(request: HttpRequest, year: int) -> list[PublishedReport]:
    if not year_in_range(year):
        raise Http404(_("There is no report for that year."))
    return list(PublishedReport.objects.of_year(request.municipality, year).defer("snapshot").prefetch_related("files"))


@require_safe
def report_index(request: HttpRequest) -> HttpResponse:
    """The years that have a published plan, each with its report, PDF and latest version."""
    municipality = request.municipality
    years = list(
        ConsultationPlan.objects.published()
        .filter(municipality=municipality)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    latest = {}
    for report in PublishedReport.objects.filter(municipality=municipality).defer("snapshot").order_by("version"):
        latest[report.year] = report
    rows = [{"year": year, "published": latest.get(year)} for year in years]
    return render(request, "reports/report_index.html", {"years": years, "rows": rows})


@require_safe
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    """The annual report as a web page: the latest published version, else the provisional figures."""
    language = _language(request)
    with translation.override(language):
        versions = _versions(request, year)
        published = versions[0] if versions else None
        changes = []
        if published is not None:
            summary = PublishedReport.objects.get(pk=published.pk).summary(language)
            # The version stays as published; the citizen is told what the records say now.
            changes = differences(summary, _live_summary(request, year))
        else:
            summary = _live_summary(request, year)
        context = {
            "summary": summary,
            "base_template": "base.html",
            "for_print": False,
            "published": published,
            "versions": versions,
            "changes": changes,
            "report_file": published.file_for(language) if published else None,
            "year_in_progress": not year_has_ended(year),
        }
        return render(request, pdf.REPORT_TEMPLATE, context)


@transaction.non_atomic_requests  # it only reads: no request-wide transaction (SQLite's write lock)
@require_safe
def annual_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The latest published version's stored PDF; before publication, the provisional live PDF."""
    language = _language(request)
    versions = _versions(request, year)
    if versions:
        return _serve(request, versions[0], language)
    # Before publication: the latest copy the task worker rendered, never a render inside this request.
    if not ConsultationPlan.objects.published().filter(municipality=request.municipality, year=year).exists():
        raise Http404(_("There is no published plan of public consultations for that year."))
    copy = provisional.latest_copy(request.municipality, year, language)
    if not provisional.is_current(copy):
        provisional.ask_for_render(request.municipality, year)
    if copy is not None:
        try:
            response = download(request, copy)
        except ChecksumMismatch as error:
            logger.error("Provisional report file does not match its checksum, not served: %s", error)
        else:
            # A newer copy may follow any minute: kept briefly, then asked again (304 while unchanged).
            response["Cache-Control"] = "public, max-age=60"
            return response
    response = render(request, "reports/report_being_prepared.html", {"year": year}, status=503)
    response["Retry-After"] = "60"
    # Expected, not a fault: logged here at INFO, and kept from Django's request log, which logs every 5xx
    # as an ERROR and so mails the administrators (django.utils.log.log_response skips a logged response).
    logger.info("The provisional %s report of %s is being prepared (503, Retry-After)", year, request.municipality)
    response._has_been_logged = True
    return response


@transaction.non_atomic_requests
@require_safe
def annual_report_version_pdf(request: HttpRequest, year: int, version: int) -> HttpResponse:
    """Version N's stored PDF, byte for byte as published."""
    report = next((item for item in _versions(request, year) if item.version == version), None)
    if report is None:
        raise Http404(_("There is no such version of this report."))
    return _serve(request, report, _language(request))


def _serve(request: HttpRequest, report: PublishedReport, language: str) -> HttpResponse:
    """Serve a stored PDF after checking its checksum; a damaged file is never served."""
    # A version published before its language existed (Serbian Cyrillic) has the Serbian Latin file.
    report_file = (
        report.file_for(language)
        or report.file_for(source_language(language))
        or report.file_for(settings.LANGUAGE_CODE)
    )
    if report_file is None:
        raise Http404(_("There is no PDF of this version."))
    try:
        return download(request, report_file)
    except ChecksumMismatch as error:
        return _damaged(request, report_file, error)


def _damaged(request: HttpRequest, report_file: PublishedReportFile, error: ChecksumMismatch) -> HttpResponse:
    logger.error("Published report file does not match its checksum, not served: %s", error)
    template = "reports/report_damaged.html" if request.user.is_staff else "reports/report_unavailable.html"
    response = render(request, template, {"report_file": report_file, "error": error}, status=503)
    response["Retry-After"] = "3600"
    return response


@require_safe
def versions_json(request: HttpRequest, year: int) -> JsonResponse:
    """Open data: every published version of the year with the SHA-256 of each PDF."""
    if not year_in_range(year):
        raise Http404(_("There is no report for that year."))
    versions = open_data.versions_document(request.municipality, year, absolute_url)
    if versions is None:
        raise Http404(_("No version of this report has been published yet."))
    document = {"municipality": request.municipality.name, "year": year, **versions}
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone may check an uploaded PDF or a pasted SHA-256 against the published reports."""
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    checked = match = None
    if request.method == "POST" and form.is_valid():
        checked = form.cleaned_data["checksum"]
        match = find_match(checked)
    return render(request, "reports/verify.html", {"form": form, "checked": checked, "match": match})
