"""The staff overview: what waits for staff across the portal, each list shown to those who may see it."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

from compliance.models import answer_days
from reports.publishing import changes_of_published_years

from .overdue import SECTIONS, waiting

# The list on the overview shows this many rows; the admin link shows them all.
OVERVIEW_LIMIT = 100


@login_required(login_url=reverse_lazy("admin:login"))
def overview(request: HttpRequest) -> HttpResponse:
    """What waits for staff: overdue requests, held hearings without attendance, comments to moderate.

    Each list is shown only to those who may see its records, its links only to those who may open them.
    """
    shown = [name for name, permission in SECTIONS.items() if request.user.has_perm(permission)]
    if not shown:
        raise PermissionDenied
    # The municipality's answer rule (minimum standards), UNANSWERED_AFTER_DAYS while it is off.
    days = answer_days(request.municipality)
    querysets = waiting(request.municipality, days)
    context = {
        "days": days,
        "limit": OVERVIEW_LIMIT,
        "links": admin.site.has_permission(request),
        "year": timezone.localdate().year,
    }
    for name in shown:
        context[name] = list(querysets[name][:OVERVIEW_LIMIT])
        context[f"{name}_count"] = querysets[name].count()
        context[f"show_{name}"] = True
    if request.user.has_perm("reports.view_publishedreport"):
        context["report_changes"] = changes_of_published_years(request.municipality)
    return render(request, "staff/overview.html", context)
