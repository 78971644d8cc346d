"""The HTTP methods the portal answers: GET, HEAD and POST; every other is 405 before any view runs.

Django's function views answer any method with the page, so OPTIONS and TRACE (and PROPFIND, and
anything else) returned the whole page, and could fill the page cache's render locks or logs
with requests that no browser sends. Nothing in the portal uses another method: no CORS, no API
that PUTs or DELETEs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

ALLOWED_METHODS = ("GET", "HEAD", "POST")


class AllowedMethodsMiddleware:
    """405 with `Allow: GET, HEAD, POST` and no body for any other method."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)
