"""The national view's pages on the installation's main domain: they only wire figures, template and files.

The figures come from national/figures.py, the page and the report from one template
(national/documents.py), the files from national/open_data.py. Every public page here is served
through web.pagecache.public_page, like the municipalities' pages.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from municipalities.platform_views import platform_context
from opendata.exports import CSV_CONTENT_TYPE, JSON_CONTENT_TYPE
from reports.forms import VerifyForm
from reports.summary import year_in_range
from reports.verification import find_match
from web.addresses import absolute_url
from web.stored_files import ChecksumMismatch, download

from . import documents, open_data
from .figures import NationalFigures, build_national_figures
from .forms import ReaderSignInForm
from .models import FILE_NAMES, NationalReport
from .staff_links import compliance_links, signed_in_reader
from .table import table_state

logger = logging.getLogger(__name__)


def _language(request: HttpRequest) -> str:
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def _year(year: int) -> int:
    if not year_in_range(year):
        raise Http404(_("There are no national figures for that year."))
    return year


def _figures(year: int) -> NationalFigures:
    return build_national_figures(_year(year))


@require_safe
def national_page(request: HttpRequest, year: int) -> HttpResponse:
    """Every municipality's year, sorted and filtered by the query string, with charts and totals."""
    figures = _figures(year)
    state = table_state(request.GET)
    # Only for a reader signed in here: the anonymous page, shared through the page cache, has none.
    reader_links = compliance_links(year, _language(request)) if signed_in_reader(request) else None
    context = documents.national_context(
        figures,
        state.apply(figures.rows),
        base_template="national/base.html",
        for_print=False,
        interactive=True,
        state=state,
        headers=state.headers(),
        choices=state.choices(),
        latest=NationalReport.objects.latest_of(year),
        reader_links=reader_links,
        **platform_context(request),
    )
    return render(request, documents.TEMPLATE, context)


@require_safe
def national_report(request: HttpRequest, year: int) -> HttpResponse:
    """The national report: the latest published version's frozen figures, else the live ones as provisional."""
    language = _language(request)
    versions = list(NationalReport.objects.of_year(_year(year)).defer("snapshot").prefetch_related("files"))
    published = versions[0] if versions else None
    # The published version's frozen figures; before there is one, the figures to date.
    figures = NationalReport.objects.get(pk=published.pk).figures(language) if published else _figures(year)
    context = documents.national_context(
        figures,
        base_template="national/base.html",
        for_print=False,
        interactive=False,
        published=published,
        versions=versions,
        **platform_context(request),
    )
    return render(request, documents.TEMPLATE, context)


@require_safe
def national_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The latest published version's stored PDF; before publication, the provisional PDF of the live figures."""
    language = _language(request)
    latest = NationalReport.objects.of_year(_year(year)).prefetch_related("files").first()
    if latest is not None:
        return _serve(request, latest, language)
    content = documents.national_report_pdf(_figures(year))
    response = HttpResponse(content, content_type="application/pdf")
    name = FILE_NAMES.get(language, FILE_NAMES["en"]).replace("-v{version}", "").format(year=year)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_safe
def national_report_version_pdf(request: HttpRequest, year: int, version: int) -> HttpResponse:
    """Version N's stored PDF, byte for byte as published."""
    report = NationalReport.objects.of_year(_year(year)).filter(version=version).prefetch_related("files").first()
    if report is None:
        raise Http404(_("There is no such version of this report."))
    return _serve(request, report, _language(request))


def _serve(request: HttpRequest, report: NationalReport, language: str) -> HttpResponse:
    report_file = report.file_for(language) or report.file_for(settings.LANGUAGE_CODE)
    if report_file is None:
        raise Http404(_("There is no PDF of this version."))
    try:
        return download(request, report_file)
    except ChecksumMismatch as error:
        logger.error("Published national report file does not match its checksum, not served: %s", error)
        response = render(request, "national/report_unavailable.html", platform_context(request), status=503)
        response["Retry-After"] = "3600"
        return response


# --- Open data: the same in every language ---------------------------------------------------------


@require_safe
def indicators_csv(request: HttpRequest, year: int) -> HttpResponse:
    """The year's national indicators, one row per municipality (RFC 4180, UTF-8)."""
    figures = _figures(year)
    response = HttpResponse(open_data.indicators_csv(figures), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(False, f"national-indicators-{year}.csv")
    return response


@require_safe
def indicators_json(request: HttpRequest, year: int) -> JsonResponse:
    """The year's national indicators as JSON: the rows, the totals, the standards and the trend."""
    document = open_data.indicators_document(_figures(year), absolute_url)
    return JsonResponse(document, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_safe
def datapackage_json(request: HttpRequest, year: int) -> HttpResponse:
    """The Frictionless data package of the year's national CSV."""
    document = open_data.data_package(_year(year), absolute_url)
    return HttpResponse(json.dumps(document, ensure_ascii=False, indent=2), content_type=JSON_CONTENT_TYPE)


@require_safe
def catalog_jsonld(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP catalogue of every dataset of every municipality, and the national ones."""
    document = open_data.national_catalog(absolute_url)
    return HttpResponse(json.dumps(document, ensure_ascii=False, indent=2), content_type=open_data.CATALOG_TYPE)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The main domain's 404: the platform's layout, not a municipality's (its header names no municipality)."""
    # Rendered without the request: the language switcher's links are the municipalities' portals' own.
    return HttpResponseNotFound(render_to_string("national/404.html"))


def verify(request: HttpRequest) -> HttpResponse:
    """The verification page on the main domain: the national report's printed address leads here."""
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    checked = match = None
    if request.method == "POST" and form.is_valid():
        checked = form.cleaned_data["checksum"]
        match = find_match(checked)
    context = {"form": form, "checked": checked, "match": match, **platform_context(request)}
    return render(request, "platform/verify.html", context)


class ReaderSignInView(auth_views.LoginView):
    """Sign-in on the main domain, for the national reader: the national page then links to each
    municipality's staff pages (sessions are per host, so those ask for a sign-in of their own)."""

    form_class = ReaderSignInForm
    template_name = "national/sign_in.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # django-axes answers a locked sign-in after the view; the admin's lockout page needs a municipality.
        request.lockout_template = "national/lockout.html"
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self) -> str:
        return reverse("national:national-page", kwargs={"year": timezone.localdate().year})

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), **platform_context(self.request)}
