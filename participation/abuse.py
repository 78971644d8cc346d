"""Abuse protection without a third-party captcha: honeypot, signed form time, rate limit.

CSRF is Django's. Each refusal is logged (model Refusal and the log) with only a salted
hash of the client's address.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from consultations.models import Hearing

from .models import Refusal

logger = logging.getLogger(__name__)

FORM_TIMESTAMP_SALT = "participation.comment-form-timestamp"
ADDRESS_SALT = "participation.client-address"


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


def issue_form_token(hearing_pk: int, issued_at: float | None = None) -> str:
    """Sign the moment a comment form was shown, bound to its hearing."""
    issued_at = time.time() if issued_at is None else issued_at
    return signing.dumps({"h": hearing_pk, "t": issued_at}, salt=FORM_TIMESTAMP_SALT, compress=False)


def check_form_token(token: str, hearing_pk: int, now: float | None = None) -> str | None:
    """The refusal reason for a form's token, or None when it was sent in the allowed window."""
    now = time.time() if now is None else now
    try:
        data = signing.loads(token or "", salt=FORM_TIMESTAMP_SALT)
        issued_at = float(data["t"])
        signed_hearing = int(data["h"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Refusal.Reason.TAMPERED
    if signed_hearing != hearing_pk:
        return Refusal.Reason.TAMPERED
    age = now - issued_at
    if age < settings.COMMENT_MIN_SECONDS:
        return Refusal.Reason.TOO_FAST
    if age > settings.COMMENT_MAX_AGE_SECONDS:
        return Refusal.Reason.EXPIRED
    return None


def _rate_key(scope: str, address_hash: str) -> str:
    return f"participation:rate:{scope}:{address_hash}"


def is_rate_limited(address_hash: str, scope: str = "comment") -> bool:
    """Whether the address already used up its submissions in the current window."""
    return (cache.get(_rate_key(scope, address_hash)) or 0) >= settings.COMMENT_RATE_LIMIT


def count_submission(address_hash: str, scope: str = "comment") -> None:
    """Count one submission from the address in the current window."""
    key = _rate_key(scope, address_hash)
    # add() only sets a missing key, so the window starts at the first submission.
    cache.add(key, 0, timeout=settings.COMMENT_RATE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=settings.COMMENT_RATE_WINDOW_SECONDS)


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
