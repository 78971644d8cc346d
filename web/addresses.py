"""Addresses: the one a request comes from, and the portal's own public address.

The request's address, behind the installation's own reverse proxies, is one rule for every count
the portal keeps per address: staff sign-ins (django-axes), password resets, and citizens'
submissions (participation.abuse). The portal's address (settings.SITE_URL) makes every absolute link.
"""

from __future__ import annotations

import ipaddress
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

from .site_context import current_site


def _valid_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, behind TRUSTED_PROXY_COUNT reverse proxies that append to X-Forwarded-For.

    Only the entries our own proxies appended can be trusted; anything further left the client may forge.
    A value that is not an IP address falls back to REMOTE_ADDR (axes stores it in an address column).
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = _valid_address(forwarded[-proxies])
            if address:
                return address
    return _valid_address(request.META.get("REMOTE_ADDR", "")) or None


# --- The portal's own public address ----------------------------------------------------------
# Links that leave the page (calendars, feeds, open data files, mail, QR codes, sitemaps) and the
# calendar's UIDs are built from settings.SITE_URL, never from the request's Host header: a request
# that names another host (a proxy's, "localhost", an attacker's) must not change them.


def site_url() -> str:
    """The public address being served: the municipality's primary domain in its scope, else SITE_URL."""
    current = current_site()
    return current.base_url if current is not None else settings.SITE_URL


def absolute_url(path: str) -> str:
    """The path (starting with "/") as an absolute link on the public address being served (site_url())."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_url()}{path}"


def portal_host() -> str:
    """The host name of the public address being served, without port (e.g. konsultime.istog.org)."""
    return urlsplit(site_url()).hostname or "localhost"


def portal_mailbox() -> str:
    """The portal's sending address without display name (DEFAULT_FROM_EMAIL may carry one)."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or f"konsultime@{portal_host()}"
