"""Open data views: they pick the objects and the language, calendar.py and exports.py build the files."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from consultations.models import ConsultationPlan, Hearing
from web.addresses import absolute_url
from web.fallback import localized

from . import calendar, catalog, datapackage, exports
from . import sitemap as site_index


def _bad_language(code: str) -> HttpResponse:
    # In the visitor's language (LocaleMiddleware): the file's language is what was wrong.
    message = _("Unknown language “%(code)s”. Use one of: %(codes)s.") % {
        "code": code,
        "codes": ", ".join(known for known, _name in settings.LANGUAGES),
    }
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


# What the calendar views read: the language of the events (see in_requested_language).
CALENDAR_PARAMETERS = ("lang",)


def in_requested_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run the view in the language of ?lang= (Albanian without it); 400 for an unknown code."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        code = request.GET.get("lang", "").strip() or settings.LANGUAGE_CODE
        if code not in dict(settings.LANGUAGES):
            return _bad_language(code)
        with translation.override(code):
            return view(request, *args, **kwargs)

    return wrapper


def _calendar_response(request: HttpRequest, hearings: list[Hearing], name: str) -> HttpResponse:
    ical = calendar.build_calendar(hearings, name=name)
    return HttpResponse(ical.to_ical(), content_type=calendar.CONTENT_TYPE)


# The calendar to subscribe to holds what is ahead and the last year's consultations; older
# ones are in the calendars of each year, so the file a calendar program polls every few
# minutes stays small however long the portal runs.
CALENDAR_PAST_DAYS = 365


@require_safe
@in_requested_language
def calendar_all(request: HttpRequest) -> HttpResponse:
    """The portal's upcoming public consultations and those of the last 12 months, as one iCalendar file."""
    municipality = request.municipality
    since = timezone.now() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    hearings = (
        Hearing.objects.public(municipality)
        .filter(ends_at__gte=since)
        .select_related("place", "directorate", "plan__municipality")
        .order_by("starts_at", "pk")
    )
    name = calendar.calendar_name(localized(municipality, "name").text if municipality else None)
    return _calendar_response(request, list(hearings), name)


@require_safe
@in_requested_language
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    """The public consultations of one year's published plan, as an iCalendar file."""
    plan = _published_plan(request, year)
    hearings = (
        Hearing.objects.public(plan.municipality)
        .filter(plan=plan)
        .select_related("place", "directorate", "plan__municipality")
        .order_by("starts_at", "pk")
    )
    name = f"{calendar.calendar_name(localized(plan.municipality, 'name').text)} {plan.year}"
    return _calendar_response(request, list(hearings), name)


@require_safe
@in_requested_language
def calendar_hearing(request: HttpRequest, pk: int) -> HttpResponse:
    """One public consultation of the portal's municipality as an iCalendar file to download."""
    hearings = Hearing.objects.public(request.municipality).select_related("place", "directorate", "plan__municipality")
    hearing = get_object_or_404(hearings, pk=pk)
    response = _calendar_response(request, [hearing], localized(hearing, "title").text)
    return _attachment(response, f"konsultimi-{hearing.pk}.ics")


def _published_plan(request: HttpRequest, year: int) -> ConsultationPlan:
    """The request's municipality's published plan of the year, or 404."""
    municipality = request.municipality
    if municipality is None:
        raise Http404
    return get_object_or_404(
        ConsultationPlan.objects.published().select_related("municipality"), municipality=municipality, year=year
    )


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@require_safe
def hearings_csv(request: HttpRequest, year: int) -> StreamingHttpResponse:
    """The year's published consultations as CSV (UTF-8 without BOM), streamed row by row."""
    plan = _published_plan(request, year)
    rows = exports.hearing_rows(plan, absolute_url)
    response = StreamingHttpResponse(exports.csv_lines(rows), content_type=exports.CSV_CONTENT_TYPE)
    return _attachment(response, f"hearings-{plan.year}.csv")


def _json_response(document: dict) -> HttpResponse:
    # ensure_ascii=False keeps ë and ç readable; the charset says how they are encoded.
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type=exports.JSON_CONTENT_TYPE)


@require_safe
def hearings_json(request: HttpRequest, year: int) -> StreamingHttpResponse:
    """The year's published consultations as JSON, with the attendance totals of the report, streamed."""
    plan = _published_plan(request, year)
    document = exports.hearings_document(plan, absolute_url)
    response = StreamingHttpResponse(exports.json_chunks(document), content_type=exports.JSON_CONTENT_TYPE)
    return _attachment(response, f"hearings-{plan.year}.json")


@require_safe
def plan_json(request: HttpRequest, year: int) -> HttpResponse:
    """The year's published plan as JSON, its texts in every language where they exist."""
    plan = _published_plan(request, year)
    response = _json_response(exports.plan_document(plan, absolute_url))
    return _attachment(response, f"plan-{plan.year}.json")


# What the data package view reads: the language of its descriptions (see in_requested_language).
DATAPACKAGE_PARAMETERS = ("lang",)


@require_safe
@in_requested_language
def datapackage_json(request: HttpRequest, year: int) -> HttpResponse:
    """The Frictionless data package of the year's CSV: its Table Schema, licence and publisher."""
    plan = _published_plan(request, year)
    return _json_response(datapackage.data_package(plan, absolute_url))


@require_safe
def catalog_jsonld(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP catalogue of every published year's datasets, as JSON-LD, for open-data portals to harvest."""
    municipality = request.municipality
    if municipality is None:
        raise Http404
    # Its texts are in every language at once; the addresses of pages are the Albanian ones,
    # whatever language the visitor's browser asks for.
    with translation.override(exports.DATA_LANGUAGE):
        document = catalog.catalog_document(
            municipality,
            catalog.published_plans(municipality),
            catalog.latest_reports(municipality),
            absolute_url,
        )
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type=catalog.CONTENT_TYPE)


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    """robots.txt: public pages open to crawlers, admin and staff pages closed, the sitemap's address."""
    return HttpResponse(site_index.robots_txt(), content_type="text/plain; charset=utf-8")


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """sitemap.xml of the portal's public pages in every language."""
    return HttpResponse(site_index.sitemap_xml(request.municipality), content_type=site_index.CONTENT_TYPE)


@require_safe
def opendata_page(request: HttpRequest) -> HttpResponse:
    """What the open data files hold, their licence, and the years available."""
    municipality = request.municipality
    years = (
        list(ConsultationPlan.objects.published().filter(municipality=municipality).values_list("year", flat=True))
        if municipality
        else []
    )
    return render(
        request,
        "opendata/opendata_page.html",
        {"columns": exports.COLUMNS, "years": years, "licence": exports.LICENCE, "languages": settings.LANGUAGES},
    )
