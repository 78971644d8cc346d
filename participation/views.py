"""Citizens' comments and subscriptions, and the staff overview of what waits for an answer."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from consultations.models import CitizenRequest, Hearing

from . import abuse
from .forms import HONEYPOT_FIELD, TIMESTAMP_FIELD, CommentForm, SubscribeForm
from .mail import send_confirmation
from .models import Comment, Refusal, Subscriber

# Refusals a person may plausibly run into: the refusal page offers the form again with their text.
HUMAN_REASONS = {Refusal.Reason.TOO_FAST, Refusal.Reason.EXPIRED}
# The list on the staff overview shows this many rows; the admin link shows them all.
OVERVIEW_LIMIT = 100


def _refused(
    request: HttpRequest,
    reason: str,
    hearing: Hearing | None = None,
    form: CommentForm | None = None,
    kept_text: str = "",
) -> HttpResponse:
    abuse.log_refusal(request, reason, hearing)
    status = 429 if reason == Refusal.Reason.RATE_LIMITED else 400
    context = {"reason": reason, "hearing": hearing, "form": form, "kept_text": kept_text}
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


@require_POST
def submit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a comment on a written consultation, after the abuse checks; it waits for moderation."""
    hearing = get_object_or_404(Hearing.objects.select_related("plan"), pk=pk)
    data = request.POST
    if not hearing.is_open_for_comments():
        return _refused(request, Refusal.Reason.CLOSED, hearing, kept_text=data.get("body", "")[:10_000])
    address_hash = abuse.client_hash(request)
    if abuse.is_rate_limited(address_hash):
        return _refused(request, Refusal.Reason.RATE_LIMITED, hearing, kept_text=data.get("body", "")[:10_000])
    if data.get(HONEYPOT_FIELD):
        abuse.count_submission(address_hash)
        return _refused(request, Refusal.Reason.HONEYPOT, hearing)
    reason = abuse.check_form_token(data.get(TIMESTAMP_FIELD, ""), hearing.pk)
    if reason:
        abuse.count_submission(address_hash)
        form = _fresh_form(data, hearing) if reason in HUMAN_REASONS else None
        return _refused(request, reason, hearing, form=form)

    form = CommentForm(data, hearing=hearing)
    if not form.is_valid():
        return render(request, "participation/comment_form.html", {"form": form, "hearing": hearing})
    comment = form.save(commit=False)
    comment.hearing = hearing
    comment.language = translation.get_language() or settings.LANGUAGE_CODE
    comment.client_hash = address_hash
    comment.save()
    abuse.count_submission(address_hash)
    return redirect(f"{reverse('participation:comment-received')}?consultation={hearing.pk}")


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
    address_hash = abuse.client_hash(request)
    if abuse.is_rate_limited(address_hash, scope="subscribe"):
        return _refused(request, Refusal.Reason.RATE_LIMITED)
    if request.POST.get(HONEYPOT_FIELD):
        abuse.count_submission(address_hash, scope="subscribe")
        return _refused(request, Refusal.Reason.HONEYPOT)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "participation/subscribe.html", {"form": form})
    abuse.count_submission(address_hash, scope="subscribe")
    email = form.cleaned_data["email"]
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is None:
        subscriber = Subscriber.objects.create(email=email, language=translation.get_language() or "sq")
        send_confirmation(subscriber)
    elif not subscriber.is_active:
        # Unconfirmed or unsubscribed: start again with a new link; the old one stops working.
        subscriber.token = Subscriber._meta.get_field("token").default()
        subscriber.language = translation.get_language() or subscriber.language
        subscriber.confirmed_at = subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["token", "language", "confirmed_at", "unsubscribed_at"])
        send_confirmation(subscriber)
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
        return render(request, "participation/link_invalid.html", status=404)
    if request.method == "POST" and subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return render(request, "participation/unsubscribe.html", {"subscriber": subscriber})


@login_required(login_url=reverse_lazy("admin:login"))
@permission_required("consultations.view_citizenrequest", raise_exception=True)
def staff_overview(request: HttpRequest) -> HttpResponse:
    """What waits for staff: overdue requests, held hearings without attendance, comments to moderate."""
    days = settings.UNANSWERED_AFTER_DAYS
    overdue = CitizenRequest.objects.overdue(days).select_related("hearing", "directorate").order_by("received_on")
    no_attendance = (
        Hearing.objects.held()
        .filter(Q(women__isnull=True) & Q(men__isnull=True))
        .select_related("plan")
        .order_by("-starts_at")
    )
    pending = Comment.objects.pending().select_related("hearing").order_by("created_at")
    context = {
        "days": days,
        "overdue": list(overdue[:OVERVIEW_LIMIT]),
        "overdue_count": overdue.count(),
        "no_attendance": list(no_attendance[:OVERVIEW_LIMIT]),
        "no_attendance_count": no_attendance.count(),
        "pending": list(pending[:OVERVIEW_LIMIT]),
        "pending_count": pending.count(),
        "limit": OVERVIEW_LIMIT,
    }
    return render(request, "participation/staff_overview.html", context)
