"""Citizens' comments and subscriptions, and the staff overview of what waits for an answer."""

from __future__ import annotations

import math

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from consultations import standards
from consultations.models import CitizenRequest, Hearing, Municipality

from . import abuse
from .forms import HONEYPOT_FIELD, TIMESTAMP_FIELD, CommentForm, SubscribeForm
from .models import Comment, Refusal, Subscriber
from .subscriptions import request_subscription

# Refusals a person may plausibly run into: the refusal page offers the form again with their text.
HUMAN_REASONS = {Refusal.Reason.TOO_FAST, Refusal.Reason.EXPIRED}
# The list on the staff overview shows this many rows; the admin link shows them all.
OVERVIEW_LIMIT = 100


def rate_window() -> dict[str, int]:
    """The rate limit's window for the refusal page: in whole hours, else in minutes rounded up."""
    seconds = settings.COMMENT_RATE_WINDOW_SECONDS
    if seconds % 3600 == 0:
        return {"window_hours": seconds // 3600}
    return {"window_minutes": math.ceil(seconds / 60)}


def _refused(
    request: HttpRequest,
    reason: str,
    hearing: Hearing | None = None,
    form: forms.Form | None = None,
    kept_text: str = "",
    subscription: bool = False,
) -> HttpResponse:
    abuse.log_refusal(request, reason, hearing)
    status = 429 if reason == Refusal.Reason.RATE_LIMITED else 400
    context = {
        "reason": reason,
        "hearing": hearing,
        "form": form,
        "kept_text": kept_text,
        "subscription": subscription,
        **rate_window(),
    }
    return render(request, "participation/refused.html", context, status=status)


def _fresh_form(data, hearing: Hearing) -> CommentForm:
    """An unbound form holding what the citizen wrote, with a new timestamp."""
    keep = {
        name: data.get(name, "")
        for name in ("body", "name", "email", "local_community")
        if data.get(name, "") and len(data.get(name, "")) <= 10_000
    }
    keep["show_name"] = bool(data.get("show_name"))
    return CommentForm(initial=keep, hearing=hearing)


def _received(hearing: Hearing) -> HttpResponse:
    return redirect(f"{reverse('participation:comment-received')}?consultation={hearing.pk}")


@require_POST
def submit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a comment on a written consultation, after the abuse checks; it waits for moderation."""
    hearing = get_object_or_404(Hearing.objects.select_related("plan"), pk=pk)
    data = request.POST
    if not hearing.is_open_for_comments():
        return _refused(request, Refusal.Reason.CLOSED, hearing, kept_text=data.get("body", "")[:10_000])
    address_hash = abuse.client_hash(request)
    body = data.get("body", "").strip()
    # A second click on "Send", or the form sent again from the browser's history: the comment is
    # already in, so the citizen sees the same page as the first time, and it costs no submission.
    if body and abuse.received_before(hearing.pk, address_hash, body):
        return _received(hearing)
    if not abuse.take_submission(address_hash):
        return _refused(request, Refusal.Reason.RATE_LIMITED, hearing, kept_text=data.get("body", "")[:10_000])
    if data.get(HONEYPOT_FIELD):
        return _refused(request, Refusal.Reason.HONEYPOT, hearing)
    reason = abuse.check_form_token(data.get(TIMESTAMP_FIELD, ""), hearing.pk)
    if reason:
        form = _fresh_form(data, hearing) if reason in HUMAN_REASONS else None
        return _refused(request, reason, hearing, form=form)

    form = CommentForm(data, hearing=hearing)
    if not form.is_valid():
        return render(request, "participation/comment_form.html", {"form": form, "hearing": hearing})
    comment = form.save(commit=False)
    if not abuse.mark_received(hearing.pk, address_hash, comment.body):
        return _received(hearing)  # the same text posted in parallel, e.g. a double click
    comment.hearing = hearing
    comment.language = translation.get_language() or settings.LANGUAGE_CODE
    comment.client_hash = address_hash
    try:
        comment.save()
    except Exception:
        abuse.forget_received(hearing.pk, address_hash, comment.body)
        raise
    return _received(hearing)


def comment_received(request: HttpRequest) -> HttpResponse:
    """Thank the citizen: the comment awaits moderation."""
    hearing = None
    raw = request.GET.get("consultation", "")
    if raw.isdigit():
        hearing = Hearing.objects.published().filter(pk=int(raw)).first()
    return render(request, "participation/comment_received.html", {"hearing": hearing})


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Ask for news of new consultations; a confirmation link is emailed (double opt-in)."""
    if request.method != "POST":
        return render(request, "participation/subscribe.html", {"form": SubscribeForm()})
    data = request.POST
    address_hash = abuse.client_hash(request)
    if not abuse.take_submission(address_hash, scope="subscribe"):
        return _refused(request, Refusal.Reason.RATE_LIMITED, subscription=True)
    if data.get(HONEYPOT_FIELD):
        return _refused(request, Refusal.Reason.HONEYPOT, subscription=True)
    reason = abuse.check_form_token(data.get(TIMESTAMP_FIELD, ""), abuse.SUBSCRIBE_FORM)
    if reason:
        form = None
        if reason in HUMAN_REASONS:
            form = SubscribeForm(initial={"email": data.get("email", "")[:254]})
        return _refused(request, reason, form=form, subscription=True)
    form = SubscribeForm(data)
    if not form.is_valid():
        return render(request, "participation/subscribe.html", {"form": form})
    request_subscription(form.cleaned_data["email"], translation.get_language() or settings.LANGUAGE_CODE)
    # The same answer whether or not the address was known, so the form reveals no one's subscription.
    return redirect("participation:subscribe-sent")


def subscribe_sent(request: HttpRequest) -> HttpResponse:
    """Tell the citizen to look for the confirmation email."""
    return render(request, "participation/subscribe_sent.html")


def _subscriber_or_none(token: str) -> Subscriber | None:
    return Subscriber.objects.filter(token=token).first() if len(token) <= 64 else None


@require_http_methods(["GET", "POST"])
def confirm_subscription(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm a subscription from the emailed link: a button, so that link scanners confirm nothing."""
    subscriber = _subscriber_or_none(token)
    if subscriber is None or subscriber.unsubscribed_at is not None:
        return render(request, "participation/link_invalid.html", status=404)
    if request.method == "POST" and subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return render(request, "participation/subscription_confirm.html", {"subscriber": subscriber})


# Mail programs post the one-click unsubscription (RFC 8058) without a CSRF token; the token
# in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop all mail to a subscriber: GET shows a button, POST (also one-click from the mail program) acts."""
    subscriber = _subscriber_or_none(token)
    if subscriber is None:
        # Lapsed subscriptions are deleted after RETENTION_DAYS: an old link then finds no one.
        return render(request, "participation/link_invalid.html", {"unsubscribe": True}, status=404)
    if request.method == "POST" and subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return render(request, "participation/unsubscribe.html", {"subscriber": subscriber})


# Each section of the staff overview, and the permission that shows it.
OVERVIEW_SECTIONS = {
    "overdue": "consultations.view_citizenrequest",
    "no_attendance": "consultations.view_hearing",
    "pending": "participation.view_comment",
}


def _overview_querysets(days: int) -> dict[str, QuerySet]:
    return {
        "overdue": CitizenRequest.objects.overdue(days)
        .select_related("hearing", "directorate")
        .order_by("received_on"),
        "no_attendance": Hearing.objects.held()
        .filter(Q(women__isnull=True) & Q(men__isnull=True))
        .select_related("plan")
        .order_by("-starts_at"),
        "pending": Comment.objects.pending().select_related("hearing").order_by("created_at"),
    }


@login_required(login_url=reverse_lazy("admin:login"))
def staff_overview(request: HttpRequest) -> HttpResponse:
    """What waits for staff: overdue requests, held hearings without attendance, comments to moderate.

    Each list is shown only to those who may see its records, its links only to those who may open them.
    """
    shown = [name for name, permission in OVERVIEW_SECTIONS.items() if request.user.has_perm(permission)]
    if not shown:
        raise PermissionDenied
    days = standards.answer_days(Municipality.objects.current())
    querysets = _overview_querysets(days)
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
    return render(request, "participation/staff_overview.html", context)
