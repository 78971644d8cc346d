"""The annual report's pages: the list of years, the report and its PDF.

The views only wire the three steps together (summary, template, PDF) in the language
of the address's prefix.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from consultations.models import ConsultationPlan

from . import pdf
from .summary import AnnualSummary, PlanNotFound, build_annual_summary, year_in_range

PDF_FILENAME = "raporti-konsultimeve-publike-{year}.pdf"


def _language(request: HttpRequest) -> str:
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def _published_summary(request: HttpRequest, year: int) -> AnnualSummary:
    """The report of a year whose plan the public may see; 404 for any other year."""
    if not year_in_range(year):
        raise Http404(_("There is no report for that year."))
    try:
        return build_annual_summary(year, request.municipality, published_only=True)
    except PlanNotFound:
        raise Http404(_("There is no published plan of public consultations for that year.")) from None


@require_safe
def report_index(request: HttpRequest) -> HttpResponse:
    """The years that have a published plan, each with its report and PDF."""
    years = (
        ConsultationPlan.objects.published()
        .filter(municipality=request.municipality)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    return render(request, "reports/report_index.html", {"years": list(years)})


@require_safe
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    """The annual report as a web page."""
    with translation.override(_language(request)):
        summary = _published_summary(request, year)
        context = {"summary": summary, "base_template": "base.html", "for_print": False}
        return render(request, pdf.REPORT_TEMPLATE, context)


@require_safe
def annual_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The annual report as a PDF download, from the same template as the page."""
    with translation.override(_language(request)):
        document = pdf.annual_report_pdf(_published_summary(request, year))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{PDF_FILENAME.format(year=year)}"'
    return response
