"""The site a piece of work is for: its cache key and its public address, set by the layer above.

web/ knows nothing of municipalities; municipalities.scoping enters a municipality's scope and, with
it, its site here, so that absolute links (web.addresses) and the page cache's content version
(web.pagecache) follow the municipality being served, a task's or a command's municipality included.
Outside any site: the installation's own address (SITE_URL) and the version of the whole installation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Site:
    key: str  # the municipality's slug: the page cache's content version is kept per key
    base_url: str  # scheme, host and port, no slash at the end: https://konsultime.istog.org


_site: ContextVar[Site | None] = ContextVar("site", default=None)


def current_site() -> Site | None:
    return _site.get()


@contextmanager
def site(key: str, base_url: str) -> Iterator[None]:
    token = _site.set(Site(key=key, base_url=base_url.rstrip("/")))
    try:
        yield
    finally:
        _site.reset(token)


@contextmanager
def no_site() -> Iterator[None]:
    token = _site.set(None)
    try:
        yield
    finally:
        _site.reset(token)
