"""Reading the environment for settings.py: every variable with its type, a bad value named at start-up."""

import os
from email.utils import parseaddr
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    """Return the variable as text, or the default when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return the variable as a boolean; anything but a clear yes/no is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """Return the variable as a whole number no smaller than minimum."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_admins(name: str) -> list[tuple[str, str]]:
    """Parse "Name <a@example.org>, b@example.org" into Django's ADMINS list of (name, address)."""
    admins = []
    for item in env_list(name, []):
        display, address = parseaddr(item)
        if "@" not in address:
            raise ImproperlyConfigured(f"{name} must list email addresses separated by commas; got {item!r}.")
        admins.append((display or address, address))
    return admins


def env_parsed(name: str, default: str, parse):
    """Parse a URL-style variable (DATABASE_URL, CACHE_URL, EMAIL_URL) with django-environ."""
    raw = os.environ.get(name, default)
    try:
        return parse(raw)
    except Exception as error:  # django-environ raises several types for a bad URL
        raise ImproperlyConfigured(f"{name} is not a valid URL for this setting ({raw!r}): {error}") from None


def env_redis_url(name: str, default: str, timeout_seconds: float) -> str:
    """Return a redis:// (rediss://, unix://) URL with connect and answer timeouts added unless it sets them."""
    raw = os.environ.get(name, default).strip()
    parts = urlsplit(raw)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.netloc or parts.path):
        raise ImproperlyConfigured(f"{name} must be a redis://host:port/db URL; got {raw!r}.")
    query = dict(parse_qsl(parts.query))
    query.setdefault("socket_connect_timeout", str(timeout_seconds))
    query.setdefault("socket_timeout", str(timeout_seconds))
    return urlunsplit(parts._replace(query=urlencode(query)))
