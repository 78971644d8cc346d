"""Staff sign-in: the address django-axes counts, its lockout page, and a rate-limited password reset.

Failed sign-ins are counted per (username, address): an attacker elsewhere who tries the officer's
name locks only their own address out, never the officer at the town hall.
"""

from __future__ import annotations

import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_noop

from .addresses import client_address


def locked_until(request: HttpRequest, username: str) -> datetime.datetime | None:
    """When the lock on this username from this address ends: its last failure plus the cool-off."""
    cool_off = get_cool_off(request)
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=client_address(request))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if cool_off is None or last is None:
        return None
    return last + cool_off


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The translated page for a locked (username, address): when to try again, and how to get help."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    until = locked_until(request, username)
    context = {
        "until": timezone.localtime(until) if until else None,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": settings.AXES_COOLOFF_MINUTES,
    }
    return render(request, "registration/lockout.html", context, status=429)


def _take(scope: str, value: str, limit: int) -> bool:
    """Count one use of the scope for the value within the window; False when over the limit."""
    # A salted hash: the cache holds neither the address nor the email in the clear.
    digest = salted_hmac("consultations.password-reset", value.lower(), algorithm="sha256").hexdigest()
    key = f"consultations:password-reset:{scope}:{digest}"
    window = settings.PASSWORD_RESET_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per address (429) and per email address (quietly: no mail).

    The limit per email keeps anyone from filling a staff member's inbox; the page says the same
    whether or not a mail went out, so it reveals no account.
    """

    template_name = "registration/password_reset_form.html"

    def form_valid(self, form) -> HttpResponse:
        if not _take("address", client_address(self.request) or "", settings.PASSWORD_RESET_PER_ADDRESS):
            return render(self.request, "registration/password_reset_limited.html", status=429)
        if not _take("email", form.cleaned_data["email"], settings.PASSWORD_RESET_PER_EMAIL):
            return super(auth_views.PasswordResetView, self).form_valid(form)  # the "sent" page, no mail
        return super().form_valid(form)


# django-axes ships no Albanian, Serbian or Bosnian. Its admin labels are looked up in the same
# "django" catalog as ours, so listing them here gives the officer's pages our translations.
AXES_ADMIN_LABELS = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Attempt Time"),
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    gettext_noop("Path"),
    gettext_noop("Failed Logins"),
    gettext_noop("Locked Out"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Expires At"),
    gettext_noop("Logout Time"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
)
