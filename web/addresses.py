"""The address a request comes from, behind the installation's own reverse proxies.

One rule for every count the portal keeps per address: staff sign-ins (django-axes), password
resets, and citizens' submissions (participation.abuse).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


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
