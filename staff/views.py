"""The staff overview: what waits for staff across the portal, each list shown to those who may see it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from consultations.models import Hearing
from participation.models import Comment
from register.models import CitizenRequest

# The list on the overview shows this many rows; the admin link shows them all.
OVERVIEW_LIMIT = 100

# Each section of the overview, and the permission that shows it.
OVERVIEW_SECTIONS = {
    "overdue": "register.view_citizenrequest",
    "no_attendance": "consultations.view_hearing",
    "pending": "participation.view_comment",
}


def _overview_querysets(request: HttpRequest, days: int) -> dict[str, QuerySet]:
    municipality = request.municipality
    return {
        "overdue": CitizenRequest.objects.of(municipality)
        .overdue(days)
        .select_related("hearing", "directorate")
        .order_by("received_on"),
        "no_attendance": Hearing.objects.of(municipality)
        .held()
        .filter(Q(women__isnull=True) & Q(men__isnull=True))
        .select_related("plan")
        .order_by("-starts_at"),
        "pending": Comment.objects.filter(hearing__plan__municipality=municipality)
        .pending()
        .select_related("hearing")
        .order_by("created_at"),
    }


@login_required(login_url=reverse_lazy("admin:login"))
def overview(request: HttpRequest) -> HttpResponse:
    """What waits for staff: overdue requests, held hearings without attendance, comments to moderate.

    Each list is shown only to those who may see its records, its links only to those who may open them.
    """
    shown = [name for name, permission in OVERVIEW_SECTIONS.items() if request.user.has_perm(permission)]
    if not shown:
        raise PermissionDenied
    days = settings.UNANSWERED_AFTER_DAYS
    querysets = _overview_querysets(request, days)
    context = {"days": days, "limit": OVERVIEW_LIMIT, "links": admin.site.has_permission(request)}
    for name in shown:
        context[name] = list(querysets[name][:OVERVIEW_LIMIT])
        context[f"{name}_count"] = querysets[name].count()
        context[f"show_{name}"] = True
    return render(request, "staff/overview.html", context)
