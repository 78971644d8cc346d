"""Optional error reports to Sentry (SENTRY_DSN), without citizens' personal data."""

from __future__ import annotations

import ipaddress
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# Candidates only; ipaddress decides, so that times such as 10:30:00 stay.
IPV6_CANDIDATE = re.compile(r"[0-9A-Fa-f]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f.]*")
FILTERED = "[filtered]"
_SECRET_KEYS = ("cookie", "authorization", "password", "token", "secret", "csrf", "session", "email", "ip")


def scrub_text(text: str) -> str:
    """The text with email addresses and IP addresses replaced."""
    text = EMAIL.sub(FILTERED, text)
    text = IPV4.sub(FILTERED, text)
    return IPV6_CANDIDATE.sub(_filter_ipv6, text)


def _filter_ipv6(match: re.Match) -> str:
    try:
        ipaddress.IPv6Address(match.group(0))
    except ValueError:
        return match.group(0)
    return FILTERED


def scrub(value, key: str = ""):
    """Recursively replace personal data in an event's values; keys that name secrets lose their value."""
    if key and any(word in key.lower() for word in _SECRET_KEYS):
        return FILTERED
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {k: scrub(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    return value


def before_send(event: dict, hint: dict) -> dict:
    """Sentry's last look at an event: no user, no addresses, no cookies, no email addresses anywhere."""
    event.pop("user", None)
    event.pop("server_name", None)
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        request.pop("env", None)  # holds REMOTE_ADDR
    return scrub(event)


def init_sentry(dsn: str, environment: str, release: str | None = None) -> None:
    """Turn on sentry-sdk with the Django integration and no personal data."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        before_send=before_send,
        traces_sample_rate=0.0,
    )
