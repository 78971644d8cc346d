"""Which municipality a request is for: decided once, here, and read as request.municipality.

Today one installation serves one municipality (settings.MUNICIPALITY_SLUG, else the first);
serving several from one installation (by host name or path) is a change to this one place.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .pagecache import current_municipality


class MunicipalityMiddleware:
    """Set request.municipality (a Municipality, or None before any is entered) for views and templates.

    It comes from the cache (consultations.pagecache), so that a page served from the cache reads no database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.municipality = current_municipality()
        return self.get_response(request)
