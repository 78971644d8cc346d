"""Abuse protection without a third-party captcha: honeypot, signed form time, rate limit, double submits.

CSRF is Django's. Each refusal is logged (model Refusal and the log) with only a salted
hash of the client's address.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from consultations.models import Hearing

from .models import Comment, Refusal

logger = logging.getLogger(__name__)

FORM_TIMESTAMP_SALT = "participation.comment-form-timestamp"
ADDRESS_SALT = "participation.client-address"
# What the subscription form's timestamp is bound to; a comment form's is bound to its hearing's pk.
SUBSCRIBE_FORM = "subscribe"


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the one our own reverse proxies recorded in X-Forwarded-For."""
    # Behind nginx every request comes from the proxy; only the entries our proxies appended
    # (the last TRUSTED_PROXY_COUNT) can be trusted, anything further left the client may forge.
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_hash(request: HttpRequest) -> str:
    """A salted hash of the client's address: enough to count and compare, not to identify."""
    return salted_hmac(ADDRESS_SALT, client_address(request), algorithm="sha256").hexdigest()


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


def _rate_key(scope: str, address_hash: str) -> str:
    return f"participation:rate:{scope}:{address_hash}"


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


def _received_key(hearing_pk: int, address_hash: str, body: str) -> str:
    digest = hashlib.sha256(f"{hearing_pk}:{address_hash}:{body}".encode()).hexdigest()
    return f"participation:received:{digest}"


def received_before(hearing_pk: int, address_hash: str, body: str) -> bool:
    """Whether this client sent this text on this hearing within a form's life: a double submit."""
    if "\x00" in body:
        # The form refuses NUL, so no such comment was ever saved; PostgreSQL cannot even compare it.
        return False
    if cache.get(_received_key(hearing_pk, address_hash, body)) is not None:
        return True
    since = timezone.now() - datetime.timedelta(seconds=settings.COMMENT_MAX_AGE_SECONDS)
    return Comment.objects.same_as(hearing_pk, address_hash, body, since).exists()


def mark_received(hearing_pk: int, address_hash: str, body: str) -> bool:
    """Note the comment as received; False when a parallel post of the same text got there first."""
    # add() is atomic in every cache backend: of two posts at the same moment, one wins.
    return cache.add(_received_key(hearing_pk, address_hash, body), 1, timeout=settings.COMMENT_MAX_AGE_SECONDS)


def forget_received(hearing_pk: int, address_hash: str, body: str) -> None:
    """Undo mark_received when the comment could not be saved, so that sending it again works."""
    cache.delete(_received_key(hearing_pk, address_hash, body))


def log_refusal(request: HttpRequest, reason: str, hearing: Hearing | None = None) -> Refusal:
    """Store a refusal for staff and write it to the log."""
    address_hash = client_hash(request)
    refusal = Refusal.objects.create(reason=reason, hearing=hearing, client_hash=address_hash, path=request.path[:500])
    logger.warning(
        "Refused submission: reason=%s hearing=%s path=%s client=%s",
        reason,
        hearing.pk if hearing else None,
        request.path,
        address_hash[:12],
    )
    return refusal
