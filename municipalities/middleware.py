"""Which municipality a request is for: decided once, here, and read as request.municipality.

Today one installation serves one municipality (settings.MUNICIPALITY_SLUG, else the first);
serving several from one installation (by host name) is a change to this one place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from web.pagecache import content_version

from .models import Municipality
from .scoping import scope

logger = logging.getLogger(__name__)
_NO_MUNICIPALITY = "none"


def current_municipality() -> Municipality | None:
    """The municipality this installation serves, kept in the cache under the content version.

    Every request needs it (MunicipalityMiddleware); reading it from the cache keeps a page
    cache hit free of database queries, and any change to a municipality bumps the version.
    """
    if settings.PAGE_CACHE_SECONDS <= 0:
        return Municipality.objects.current()
    try:
        key = f"pagecache:municipality:{content_version()}"
        stored = cache.get(key)
    except Exception:  # a cache server down must not take every page down with it
        logger.warning("The cache does not answer; the municipality is read from the database", exc_info=True)
        return Municipality.objects.current()
    if stored is None:
        municipality = Municipality.objects.current()
        cache.set(key, municipality or _NO_MUNICIPALITY, settings.PAGE_CACHE_SECONDS)
        return municipality
    return None if stored == _NO_MUNICIPALITY else stored


class MunicipalityMiddleware:
    """Set request.municipality (a Municipality, or None before any is entered) for views and templates.

    It comes from the cache, so that a page served from the page cache reads no database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.municipality = current_municipality()
        with scope(request.municipality):
            response = self.get_response(request)
        if response.streaming:
            # A download streamed after this returns still reads in the request's scope.
            response.streaming_content = _in_scope(request.municipality, response.streaming_content)
        return response


def _in_scope(municipality, chunks: Iterator) -> Iterator:
    with scope(municipality):
        yield from chunks
