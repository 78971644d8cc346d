"""The pages behind the links in the portal's emails: confirming a subscription and unsubscribing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import subscriptions


@require_http_methods(["GET", "POST"])
def confirm_subscription(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm a subscription from the emailed link: a button, so that link scanners confirm nothing."""
    subscriber = subscriptions.find_subscriber(token)
    if subscriber is None or subscriber.unsubscribed_at is not None:
        return render(request, "notifications/link_invalid.html", status=404)
    if request.method == "POST":
        subscriptions.confirm(subscriber)
    return render(request, "notifications/subscription_confirm.html", {"subscriber": subscriber})


# Mail programs post the one-click unsubscription (RFC 8058) without a CSRF token; the token
# in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop all mail to a subscriber: GET shows a button, POST (also one-click from the mail program) acts."""
    subscriber = subscriptions.find_subscriber(token)
    if subscriber is None:
        # Lapsed subscriptions are deleted after RETENTION_DAYS: an old link then finds no one.
        return render(request, "notifications/link_invalid.html", {"unsubscribe": True}, status=404)
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber)
    return render(request, "notifications/unsubscribe.html", {"subscriber": subscriber})
