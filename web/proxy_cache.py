"""What a shared cache in front of the portal (nginx's micro-cache) may keep, and for how long.

- An answer made for one visitor says `Cache-Control: private`: a page with a CSRF token (a
  hearing's comment form, the subscription page), an answer that sets a cookie or read the
  visitor's session. No proxy stores it; browsers still keep their own copy.
- Any other successful GET or HEAD (and its 304) says, in `X-Accel-Expires: @<second>`, that nginx may keep
  it to the end of the current second and no longer. nginx counts whole seconds: with
  `proxy_cache_valid 200 1s` alone a copy stored at 10.1 s would still be served at 11.9 s;
  with the header an edit is visible through nginx within one second. nginx reads the header
  and never passes it on to the client (deploy/nginx/istog-consult.conf).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

_NOT_SHARED = ("private", "no-store", "no-cache")


def is_personal(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the answer was made for this visitor alone: a CSRF token, a cookie set, the session read."""
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    session = getattr(request, "session", None)
    return session is not None and (session.accessed or session.modified)


class ProxyCacheHeadersMiddleware:
    """`private` on personal answers; to the end of this second for nginx on the rest."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if is_personal(request, response):
            patch_cache_control(response, private=True)  # also drops a `public` the view set
        elif (
            request.method in ("GET", "HEAD")
            and response.status_code in (200, 304)
            and not any(word in response.get("Cache-Control", "") for word in _NOT_SHARED)
        ):
            response["X-Accel-Expires"] = f"@{int(time.time())}"
        return response
