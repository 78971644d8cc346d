"""Abuse protection without a third-party captcha: honeypot, signed form time, rate limit, double submits.

CSRF is Django's. Refusals are logged (model Refusal and the log) with only a salted hash of
the client's network. Nothing here lets a flood of posts turn into a flood of database writes or
queries: the rate limit comes first and lives in the cache, and a rate-limited address writes one
sample row per window whose count is brought up to date at 2, 4, 8, ... refusals.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from consultations.models import Hearing
from web import addresses
from web.site_context import current_site

from .models import Comment, Refusal

logger = logging.getLogger(__name__)

FORM_TIMESTAMP_SALT = "participation.comment-form-timestamp"
ADDRESS_SALT = "participation.client-address"
# What the subscription form's timestamp is bound to; a comment form's is bound to its hearing's pk.
SUBSCRIBE_FORM = "subscribe"


def client_address(request: HttpRequest) -> str:
    """The client's address (web.addresses: the proxies' rule staff sign-in uses too), or ""."""
    return addresses.client_address(request) or ""


def client_network(address: str) -> str:
    """What the limits count as one client: an IPv4 address, or the /64 network of an IPv6 address.

    One IPv6 connection usually holds a whole /64 (18 quintillion addresses), so counting single
    IPv6 addresses would let one household post without limit.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def client_hash(request: HttpRequest) -> str:
    """A salted hash of the client's network (see client_network): enough to count and compare, not to identify."""
    return salted_hmac(ADDRESS_SALT, client_network(client_address(request)), algorithm="sha256").hexdigest()


def issue_form_token(target: int | str, issued_at: float | None = None) -> str:
    """Sign the moment a form was shown, bound to what it is for: a hearing's pk, or SUBSCRIBE_FORM."""
    issued_at = time.time() if issued_at is None else issued_at
    return signing.dumps({"h": target, "t": issued_at}, salt=FORM_TIMESTAMP_SALT, compress=False)


def check_form_token(token: str, target: int | str, now: float | None = None) -> str | None:
    """The refusal reason for a form's token, or None when it was sent in the allowed window."""
    now = time.time() if now is None else now
    try:
        data = signing.loads(token or "", salt=FORM_TIMESTAMP_SALT)
        issued_at = float(data["t"])
        signed_target = str(data["h"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Refusal.Reason.TAMPERED
    if signed_target != str(target):
        return Refusal.Reason.TAMPERED
    age = now - issued_at
    if age < settings.COMMENT_MIN_SECONDS:
        return Refusal.Reason.TOO_FAST
    if age > settings.COMMENT_MAX_AGE_SECONDS:
        return Refusal.Reason.EXPIRED
    return None


def _municipality_key() -> str:
    """Each municipality counts its own submissions and refusals (the one in scope, web.site_context)."""
    site = current_site()
    return site.key if site is not None else "-"


def _rate_key(scope: str, address_hash: str) -> str:
    return f"participation:rate:{_municipality_key()}:{scope}:{address_hash}"


def take_submission(address_hash: str, scope: str = "comment") -> bool:
    """Count one submission from the address; False when it is over the limit of the current window.

    Every post counts, valid or not, so that invalid posts cannot be sent without limit.
    """
    key = _rate_key(scope, address_hash)
    # add() only sets a missing key, so the window starts at the first submission. Counting and
    # checking are one incr(): of parallel posts each gets its own number and only `limit` pass,
    # where a separate read would let them all see the same count.
    cache.add(key, 0, timeout=settings.COMMENT_RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=settings.COMMENT_RATE_WINDOW_SECONDS)
        count = 1
    return count <= settings.COMMENT_RATE_LIMIT


def received_before(hearing_pk: int, address_hash: str, body: str) -> bool:
    """Whether this client sent this text on this hearing within a form's life: a double submit.

    Only committed comments count (and this request's own): a post whose worker died before its
    commit stored nothing, so sending the text again must store it, not say "received".
    """
    if "\x00" in body:
        # The form refuses NUL, so no such comment was ever saved; PostgreSQL cannot even compare it.
        return False
    since = timezone.now() - datetime.timedelta(seconds=settings.COMMENT_MAX_AGE_SECONDS)
    return Comment.objects.same_as(hearing_pk, address_hash, body, since).exists()


def wait_for_parallel_comments(hearing_pk: int) -> None:
    """Queue behind any other comment on the hearing being saved right now, until its transaction ends.

    Two posts of one double click would otherwise both find no comment and both store one. The
    hearing's row lock lasts until the request's transaction ends (a commit, a rollback, or the
    connection dropped by a dead worker), so the next look at the comments sees a committed row or
    nothing. SQLite needs no lock: its writers already queue at BEGIN IMMEDIATE.
    """
    list(Hearing.objects.select_for_update().filter(pk=hearing_pk).values_list("pk", flat=True))


def _refusal_key(reason: str, address_hash: str) -> str:
    return f"participation:refusals:{_municipality_key()}:{reason}:{address_hash}"


def _is_power_of_two(number: int) -> bool:
    return number & (number - 1) == 0


def log_refusal(request: HttpRequest, reason: str, hearing: Hearing | None = None) -> Refusal | None:
    """Record a refusal for staff and in the log; returns the row written, or None when only counted.

    A rate-limited address may post without end, so its refusals are sampled: the first in the
    window writes a row, the others are counted in the cache and the row's count is updated only
    at the 2nd, 4th, 8th, ... refusal (a million posts cost about twenty writes). Every other
    reason can only occur within the rate limit, so each has its row.
    """
    address_hash = client_hash(request)
    if reason != Refusal.Reason.RATE_LIMITED:
        refusal = Refusal.objects.create(
            reason=reason, hearing=hearing, client_hash=address_hash, path=request.path[:500]
        )
        _log(reason, hearing, request, address_hash, 1)
        return refusal
    key = _refusal_key(reason, address_hash)
    timeout = settings.COMMENT_RATE_WINDOW_SECONDS
    # add() succeeds for exactly one post per window: that one writes the sample row.
    if cache.add(f"{key}:count", 1, timeout=timeout):
        refusal = Refusal.objects.create(
            reason=reason, hearing=hearing, client_hash=address_hash, path=request.path[:500]
        )
        cache.set(f"{key}:sample", refusal.pk, timeout=timeout)
        _log(reason, hearing, request, address_hash, 1)
        return refusal
    try:
        count = cache.incr(f"{key}:count")
    except ValueError:  # the window ended between the two calls; the next post starts a new sample
        return None
    if _is_power_of_two(count):
        sample = cache.get(f"{key}:sample")
        if sample is not None:
            # The filter keeps a slower parallel post's update from lowering the count.
            Refusal.objects.filter(pk=sample, count__lt=count).update(count=count)
        _log(reason, hearing, request, address_hash, count)
    return None


def _log(reason: str, hearing: Hearing | None, request: HttpRequest, address_hash: str, count: int) -> None:
    logger.warning(
        "Refused submission: reason=%s hearing=%s path=%s client=%s count=%s",
        reason,
        hearing.pk if hearing else None,
        request.path,
        address_hash[:12],
        count,
    )
