"""The public pages: home, the consultations list and page, documents and the annual plan."""

from __future__ import annotations

import hashlib
import os

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.vary import vary_on_headers
from django.views.generic import DetailView, ListView

from web.addresses import absolute_url
from web.storage import unavailable_response

from . import structured_data
from .forms import HearingFilterForm
from .models import ConsultationPlan, Hearing, HearingDocument, HearingQuerySet
from .plan_layout import plan_rows

# How many upcoming hearings the home page lists before pointing to the full list.
HOME_UPCOMING_LIMIT = 5
# How many of the year's consultations the plan page lists before pointing to the filtered list.
PLAN_PAGE_HEARINGS = 50


@vary_on_headers("Accept-Language", "Cookie")
def root_redirect(request):
    """Send / to the citizen's chosen language (its cookie), else the browser's (Accept-Language), else Albanian."""
    # Django matches a variant to the offered language ("sr-Latn-RS" to sr-latn, "sr-RS" to sr, "en-GB" to en).
    code = translation.get_language_from_request(request)
    municipality = request.municipality
    if municipality is not None and not municipality.offers(code):
        code = municipality.default_language  # the municipality's own choice, not another one's language
    return HttpResponseRedirect(f"/{code}/")


def home(request: HttpRequest) -> HttpResponse:
    """Open written consultations, the next hearings and the latest plan with its report."""
    municipality = request.municipality
    now = timezone.now()
    hearings = Hearing.objects.public(municipality).for_listing()
    open_for_comments = list(hearings.open_for_comments(now).order_by("ends_at"))
    # A written consultation already open is listed once, under "open for comments".
    upcoming = hearings.upcoming(now).exclude(method=Hearing.Method.WRITTEN, starts_at__lte=now)
    plans = ConsultationPlan.objects.public(municipality)
    latest_plan = plans.first()
    today = timezone.localdate()
    # A report is linked once its year is over; the year in progress shows its count so far
    # instead of a report of zeros.
    reported_plan = plans.filter(end_date__lt=today).first()
    in_progress = latest_plan if latest_plan and latest_plan.start_date <= today <= latest_plan.end_date else None
    context = {
        "open_for_comments": open_for_comments,
        "upcoming": list(upcoming[:HOME_UPCOMING_LIMIT]),
        "latest_plan": latest_plan,
        "reported_plan": reported_plan,
        "year_in_progress": in_progress,
        "held_so_far": hearings.held().in_year(in_progress.year).count() if in_progress else None,
    }
    return render(request, "consultations/home.html", context)


class HearingListView(ListView):
    """Every public consultation, filtered from the query string: upcoming first, then newest."""

    template_name = "consultations/hearing_list.html"
    context_object_name = "hearings"
    paginate_by = 20
    # The query parameters it reads, for the page cache (any other is redirected away).
    query_parameters = (*HearingFilterForm.base_fields, "page")

    def get_queryset(self) -> UpcomingThenPast:
        now = timezone.now()
        self.municipality = self.request.municipality
        self.form = HearingFilterForm(self.request.GET or None, municipality=self.municipality)
        hearings = Hearing.objects.public(self.municipality).for_listing()
        if self.form.is_bound:
            hearings = self.form.filter(hearings, now)
        return UpcomingThenPast(hearings, now)

    def paginate_queryset(self, queryset, page_size: int) -> tuple[Paginator, Page, list, bool]:
        # get_page() turns page=abc into page 1 and page=999 into the last page: never a 404 or 500.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        page = context["page_obj"]
        context["page_range"] = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
        context["sections"] = listing_sections(page.object_list)
        return context


class UpcomingThenPast:
    """The list's hearings as one sequence for the paginator: upcoming ones soonest first, then the rest newest first.

    Two queries ordered by plain columns (plan year, start) that indexes serve, instead of one
    ordered by a computed "is it upcoming" expression that no index can: the deepest page then
    costs what the first one does.
    """

    def __init__(self, hearings: HearingQuerySet, now) -> None:
        # The same rule as HearingQuerySet.upcoming(): planned and not yet ended.
        is_upcoming = Q(status=Hearing.Status.PLANNED, ends_at__gte=now)
        self.upcoming = hearings.filter(is_upcoming).order_by("starts_at", "pk")
        self.past = hearings.exclude(is_upcoming).order_by("-plan__year", "-starts_at", "-pk")
        self._counts: tuple[int, int] | None = None

    def counts(self) -> tuple[int, int]:
        """How many upcoming and how many other hearings there are (two COUNT queries, once)."""
        if self._counts is None:
            self._counts = (self.upcoming.count(), self.past.count())
        return self._counts

    def count(self) -> int:
        return sum(self.counts())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Hearing]:
        upcoming_count = self.counts()[0]
        start, stop = window.start or 0, window.stop
        page: list[Hearing] = []
        if start < upcoming_count:
            for hearing in self.upcoming[start : min(stop, upcoming_count)]:
                hearing.listing_group = 0
                page.append(hearing)
        if stop > upcoming_count:
            for hearing in self._past_window(max(start - upcoming_count, 0), stop - upcoming_count):
                hearing.listing_group = 1
                page.append(hearing)
        return page

    def _past_window(self, start: int, stop: int) -> list[Hearing]:
        """Past hearings start..stop; the second half read from the other end, reversed.

        An OFFSET walks every row it skips: read backwards, the deepest page costs what the first does.
        """
        count = self.counts()[1]
        stop = min(stop, count)
        if start <= count // 2:
            return list(self.past[start:stop])
        rows = list(self.past.reverse()[count - stop : count - start])
        rows.reverse()
        return rows


def listing_sections(hearings) -> list[tuple[int | None, list[Hearing]]]:
    """The page's hearings in consecutive sections: upcoming ones (key None), then one per plan year."""
    sections: list[tuple[int | None, list[Hearing]]] = []
    for hearing in hearings:
        key = None if hearing.listing_group == 0 else hearing.plan.year
        if not sections or sections[-1][0] != key:
            sections.append((key, []))
        sections[-1][1].append(hearing)
    return sections


class HearingDetailView(DetailView):
    """One public consultation; the slug in its address is cosmetic and corrected by a redirect."""

    template_name = "consultations/hearing_detail.html"
    context_object_name = "hearing"

    def get_queryset(self) -> HearingQuerySet:
        return Hearing.objects.public(self.request.municipality).for_detail()

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.object = self.get_object()
        slug = kwargs.get("slug")
        if slug is not None and slug != self.object.slug:
            return redirect(self.object.get_absolute_url(), permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        hearing = self.object
        context["documents"] = list(hearing.documents.all())
        context["is_open_for_comments"] = hearing.is_open_for_comments()
        context["event_jsonld"] = structured_data.as_script_content(structured_data.hearing_event(hearing))
        context["open_graph"] = structured_data.hearing_open_graph(hearing)
        # The slug's address, also when the page was asked for without it.
        context["canonical_url"] = absolute_url(hearing.get_absolute_url())
        return context


def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A hearing's document as an attachment, only while the hearing is public."""
    document = get_object_or_404(
        HearingDocument,
        pk=pk,
        hearing__in=Hearing.objects.public(request.municipality),
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        # The row outlived its file (e.g. a restored database without media): not found, not a crash.
        raise Http404 from None
    except OSError as error:  # the disk or the object storage does not answer
        return unavailable_response(document.file.name, error)
    response = FileResponse(handle, as_attachment=True, filename=os.path.basename(document.file.name))
    # A replaced file gets a new name in storage, so name and size identify the bytes; the
    # ConditionalGetMiddleware answers 304 to a client that already has them.
    tag = hashlib.sha256(f"{document.pk}:{document.file.name}:{document.file.size}".encode()).hexdigest()[:32]
    response["ETag"] = f'"{tag}"'
    return response


def plan_index(request: HttpRequest) -> HttpResponse:
    """The years that have a published plan, each with its plan and its report."""
    plans = ConsultationPlan.objects.public(request.municipality)
    return render(request, "consultations/plan_index.html", {"plans": plans})


class PlanDetailView(DetailView):
    """A year's published plan, laid out like the municipality's own form, with that year's hearings."""

    template_name = "consultations/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None) -> ConsultationPlan:
        self.municipality = self.request.municipality
        return get_object_or_404(
            ConsultationPlan.objects.public(self.municipality).select_related("municipality"), year=self.kwargs["year"]
        )

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        plan = self.object
        context["rows"] = plan_rows(plan)
        hearings = Hearing.objects.public(self.municipality).in_year(plan.year).for_listing()
        hearings = hearings.order_by("starts_at", "pk")
        # A city's year can hold thousands: the page shows the first ones and links to the list.
        context["hearings"] = list(hearings[:PLAN_PAGE_HEARINGS])
        shown = len(context["hearings"])
        context["hearing_count"] = hearings.count() if shown == PLAN_PAGE_HEARINGS else shown
        context["other_years"] = list(
            ConsultationPlan.objects.public(self.municipality).exclude(pk=plan.pk).values_list("year", flat=True)
        )
        return context
