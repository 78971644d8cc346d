"""Gzip for pages, calendars, feeds and open data, but never next to a CSRF token (BREACH)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

# Already compressed: gzip would cost CPU for nothing.
COMPRESSED_TYPES = ("application/pdf", "image/", "application/zip")


class BreachSafeGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, skipping responses that carry a CSRF token and compressed files.

    A page with the visitor's CSRF token beside text an attacker can choose (a search term,
    a comment) would let the compressed length leak the token; such a page sets the CSRF
    cookie, which is how it is recognised here.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if settings.CSRF_COOKIE_NAME in response.cookies:
            return response
        if response.get("Content-Type", "").startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
