"""Staff sign-in: the address django-axes counts, its lockout page, and a rate-limited password reset.

Failed sign-ins are counted two ways (docs/security.md):

* per (username, address): AXES_FAILURE_LIMIT wrong passwords lock that pair for the cool-off. An
  attacker elsewhere who tries the officer's name locks only their own address out. An IPv6
  address counts as its /64, which one connection usually holds whole.
* per account, across every address: after AXES_ACCOUNT_FAILURE_LIMIT wrong passwords within the
  cool-off, the account takes no password from an address it has never signed in from, so that
  many addresses (a botnet, one /48) cannot guess on without limit. The officer still signs in from
  an address where they signed in before (axes keeps every successful sign-in in its access log).
"""

from __future__ import annotations

import datetime
import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_noop

from .addresses import client_address


def sign_in_address(request: HttpRequest) -> str | None:
    """What sign-in limits count as one address: an IPv4 address, or an IPv6 address's /64 (its first address)."""
    address = client_address(request)
    if address is None:
        return None
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False).network_address)
    return address


def _recent_failures(username: str) -> int:
    """Wrong passwords for this username from every address within the cool-off."""
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.filter(username=username)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _signed_in_from(username: str, address: str | None) -> bool:
    return address is not None and AccessLog.objects.filter(username=username, ip_address=address).exists()


class StaffSignInHandler(AxesDatabaseHandler):
    """django-axes' database handler, with the per-account limit across addresses added to its pair limit."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The pair's failures, or the failure limit itself when the account is closed to this address."""
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures >= limit:
            return failures
        username = get_client_username(request, credentials)
        if not username or _recent_failures(username) < settings.AXES_ACCOUNT_FAILURE_LIMIT:
            return failures
        if _signed_in_from(username, getattr(request, "axes_ip_address", None) or sign_in_address(request)):
            return failures  # a place the account's owner used before: only the pair limit applies
        request.staff_account_locked = True
        return limit


def locked_until(request: HttpRequest, username: str) -> datetime.datetime | None:
    """When the lock ends: the last failure (from this address, or from any for an account lock) plus the cool-off."""
    cool_off = get_cool_off(request)
    attempts = AccessAttempt.objects.filter(username=username)
    if not getattr(request, "staff_account_locked", False):
        attempts = attempts.filter(ip_address=sign_in_address(request))
    last = attempts.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    if cool_off is None or last is None:
        return None
    return last + cool_off


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The translated page for a locked sign-in: when to try again, and how to get help.

    The admin's page by default; a sign-in page of its own (the main domain's, which has no admin)
    names its lockout page on the request (`request.lockout_template`).
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    until = locked_until(request, username)
    context = {
        "until": timezone.localtime(until) if until else None,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": settings.AXES_COOLOFF_MINUTES,
        "account_locked": getattr(request, "staff_account_locked", False),
    }
    template = getattr(request, "lockout_template", "registration/lockout.html")
    return render(request, template, context, status=429)


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
