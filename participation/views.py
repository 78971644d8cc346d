"""What citizens send: comments on written consultations and the subscription form, behind the abuse checks.

The pages behind the links in subscription emails are notifications' (notifications/views.py).
"""

from __future__ import annotations

import math

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST

from consultations.models import Hearing
from notifications.subscriptions import request_subscription
from web.text_checks import digits_or_none

from . import abuse
from .forms import HONEYPOT_FIELD, TIMESTAMP_FIELD, CommentForm, SubscribeForm
from .models import Refusal

# Refusals a person may plausibly run into: the refusal page offers the form again with their text.
HUMAN_REASONS = {Refusal.Reason.TOO_FAST, Refusal.Reason.EXPIRED}


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
    address_hash = abuse.client_hash(request)
    # The rate limit first, in the cache: past it, a post costs no database query and (sampled)
    # almost no write, whatever it holds and whichever consultation it names.
    if not abuse.take_submission(address_hash):
        return _refused(request, Refusal.Reason.RATE_LIMITED, hearing, kept_text=data.get("body", "")[:10_000])
    if not hearing.is_open_for_comments():
        return _refused(request, Refusal.Reason.CLOSED, hearing, kept_text=data.get("body", "")[:10_000])
    body = data.get("body", "").strip()
    # A second click on "Send", or the form sent again from the browser's history: the comment is
    # already in, so the citizen sees the same page as the first time.
    if body and abuse.received_before(hearing.pk, address_hash, body):
        return _received(hearing)
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
    abuse.wait_for_parallel_comments(hearing.pk)
    if abuse.received_before(hearing.pk, address_hash, comment.body):
        return _received(hearing)  # the same text posted in parallel (a double click), committed first
    comment.hearing = hearing
    comment.language = translation.get_language() or settings.LANGUAGE_CODE
    comment.client_hash = address_hash
    comment.save()
    return _received(hearing)


def comment_received(request: HttpRequest) -> HttpResponse:
    """Thank the citizen: the comment awaits moderation."""
    hearing = None
    pk = digits_or_none(request.GET.get("consultation"))
    if pk is not None:
        hearing = Hearing.objects.published().filter(pk=pk).first()
    return render(request, "participation/comment_received.html", {"hearing": hearing})


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Ask for news of new consultations; a confirmation link is emailed (double opt-in)."""
    if request.municipality is None:
        raise Http404  # news of which municipality? (the main domain, or an installation with none yet)
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
