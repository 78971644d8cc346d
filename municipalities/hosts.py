"""Which municipality an address belongs to: the one rule that turns a request's Host into a portal.

In order:
1. MUNICIPALITY_SLUG set: an installation for one municipality; every allowed host serves it.
2. A municipality's primary domain: its portal.
3. A secondary domain: a permanent redirect to the primary domain.
4. <slug>.localhost on a developer's machine (browsers send *.localhost to the machine itself).
5. An installation with exactly one municipality (or none yet) serves it on every host, as before domains.
6. The installation's main domain (SITE_URL's host): the platform's own pages, the list of municipalities.
7. Anything else: unknown (400 before any view runs).

The answer is kept in the cache under the content version, so that a page served from the page
cache reads no database; saving a municipality or a domain renews it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef

from web.pagecache import content_version

from .models import Municipality, SecondaryDomain
from .scoping import every_municipality

logger = logging.getLogger(__name__)

MUNICIPALITY = "municipality"
REDIRECT = "redirect"
PLATFORM = "platform"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Portal:
    kind: str
    municipality: Municipality | None = None
    redirect_to: str = ""


def host_name(host: str) -> str:
    """The host without port and trailing dot, lower case ("Istog.localhost:8000" -> "istog.localhost")."""
    host = host.strip().lower()
    if host.startswith("["):  # an IPv6 literal keeps its colons
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".") if ":" in host else host.rstrip(".")


def main_host() -> str:
    """The installation's own main domain: SITE_URL's host."""
    return (urlsplit(settings.SITE_URL).hostname or "localhost").lower()


def resolve(host: str) -> Portal:
    """The portal a host name belongs to (see the module's rules), from the database.

    One query: the municipalities (a few dozen rows at most), each marked when the host is one of its
    secondary domains; kept per host by portal_for.
    """
    with every_municipality("finding which municipality a host belongs to"):
        return _resolve(host)


def _resolve(host: str) -> Portal:
    if settings.MUNICIPALITY_SLUG:
        return Portal(MUNICIPALITY, Municipality.objects.current())
    aliases = SecondaryDomain.objects.filter(municipality=OuterRef("pk"), host=host)
    municipalities = list(Municipality.objects.annotate(has_alias=Exists(aliases)).order_by("pk"))
    for municipality in municipalities:
        if municipality.domain == host:
            return Portal(MUNICIPALITY, municipality)
    # Before "the only one": an installation of one municipality redirects its old addresses too.
    for municipality in municipalities:
        if municipality.has_alias:
            return Portal(REDIRECT, redirect_to=municipality.public_url)
    if host.endswith(".localhost"):
        slug = host.removesuffix(".localhost")
        for municipality in municipalities:
            if municipality.slug == slug:
                return Portal(MUNICIPALITY, municipality)
    if len(municipalities) < 2:
        return Portal(MUNICIPALITY, municipalities[0] if municipalities else None)
    if host == main_host():
        return Portal(PLATFORM)
    return Portal(UNKNOWN)


def portal_for(host: str) -> Portal:
    """resolve(), kept in the cache under the content version (a cache that fails: the database)."""
    host = host_name(host)
    if settings.PAGE_CACHE_SECONDS <= 0:
        return resolve(host)
    key = f"pagecache:portal:{content_version()}:{host}"
    try:
        stored = cache.get(key)
    except Exception:  # a cache server down must not take every page down with it
        logger.warning("The cache does not answer; the portal is read from the database", exc_info=True)
        return resolve(host)
    if stored is None:
        stored = resolve(host)
        try:
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("The cache does not answer; the portal is not kept", exc_info=True)
    return stored
