"""The printed papers' addresses: the notice is public once the consultation is; the rest is for staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from consultations.models import Hearing
from web.text_checks import digits_or_none

from . import documents

STAFF_PERMISSION = "consultations.view_hearing"


def _is_staff(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.is_staff and request.user.has_perm(STAFF_PERMISSION)


def _hearing(pk: int) -> Hearing:
    return get_object_or_404(Hearing.objects.select_related("plan__municipality", "place", "directorate"), pk=pk)


def _pdf(document: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(document, content_type="application/pdf")
    # inline: staff open it in the browser and print it from there.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The public notice; for a consultation not yet public, only staff may print it."""
    hearing = _hearing(pk)
    if not Hearing.objects.public(request.municipality).filter(pk=pk).exists() and not _is_staff(request):
        raise Http404(_("There is no such public consultation."))
    return _pdf(documents.notice_pdf(hearing), f"njoftimi-{hearing.pk}.pdf")


def _staff_only(request: HttpRequest) -> None:
    if not _is_staff(request):
        raise PermissionDenied


def _pages(request: HttpRequest) -> int:
    return digits_or_none(request.GET.get("faqe"), maximum=999) or 1


@require_safe
@login_required(login_url=reverse_lazy("admin:login"))
def attendance_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet; ?faqe=N prints N pages of rows (at most MAX_PAGES)."""
    _staff_only(request)
    hearing = _hearing(pk)
    return _pdf(documents.attendance_pdf(hearing, _pages(request)), f"lista-e-pjesemarresve-{hearing.pk}.pdf")


@require_safe
@login_required(login_url=reverse_lazy("admin:login"))
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes template, with what is recorded so far."""
    _staff_only(request)
    hearing = _hearing(pk)
    return _pdf(documents.minutes_pdf(hearing), f"procesverbali-{hearing.pk}.pdf")
