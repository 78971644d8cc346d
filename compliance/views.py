"""The staff compliance page: each minimum standard for a year, its status and what breaks it."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from consultations.models import FIRST_PLAN_YEAR, LAST_PLAN_YEAR

from .rules import check_year

VIEW_PERMISSION = "compliance.view_rule"


@require_safe
@login_required(login_url=reverse_lazy("admin:login"))
def compliance_year(request: HttpRequest, year: int) -> HttpResponse:
    """One row per rule for the year, with its status and links to the hearings, requests or plan concerned."""
    if not (request.user.is_staff and request.user.has_perm(VIEW_PERMISSION)):
        raise PermissionDenied
    if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
        raise Http404(_("There is no plan for that year."))
    municipality = request.municipality
    if municipality is None:
        raise Http404(_("No municipality has been set up yet."))
    context = {
        "year": year,
        "results": check_year(municipality, year),
        "previous_year": year - 1 if year > FIRST_PLAN_YEAR else None,
        "next_year": year + 1 if year < LAST_PLAN_YEAR else None,
        "links": admin.site.has_permission(request),
        "can_edit": request.user.has_perm("compliance.change_rule"),
    }
    return render(request, "compliance/compliance_year.html", context)
