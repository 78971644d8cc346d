"""When the database is down: 503 with Retry-After and a page that needs no database.

Two places catch the database's errors: `DatabaseOutageMiddleware` for errors raised by a view
or while rendering its template, and `server_error` (handler500) for errors raised anywhere else
in the request (a middleware, saving the session). Neither keeps any state, so the portal
answers normally again on the first request after the database is back.
"""

from __future__ import annotations

import logging
import sys
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
# Machine-read addresses get a short text, not an HTML page a calendar or feed reader cannot use.
PLAIN_TEXT_SUFFIXES = (".ics", ".csv", ".json")
# One error report (a mail to ADMINS) per process per this many seconds, not one per request.
REPORT_EVERY_SECONDS = 600
_last_report = {"at": float("-inf")}


def wants_plain_text(request: HttpRequest) -> bool:
    """Calendar files, open data and feeds: answered with text/plain during an outage."""
    path = request.path
    return path.endswith(PLAIN_TEXT_SUFFIXES) or "/feeds/" in path


def _report(error: BaseException, request: HttpRequest) -> None:
    now = time.monotonic()
    if now - _last_report["at"] >= REPORT_EVERY_SECONDS:
        _last_report["at"] = now
        logger.error("The database is unavailable (%s); answering 503", type(error).__name__, exc_info=error)
    else:
        logger.warning("The database is unavailable; 503 for %s", request.path)


def outage_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    """The 503 answer: translated, rendered without the database, never cached, retried after a minute."""
    _report(error, request)
    # The municipality is found before the language (municipalities.middleware): an outage met there
    # still answers in the language of the address.
    with translation.override(translation.get_language_from_path(request.path_info) or translation.get_language()):
        return _outage_response(request)


def _outage_response(request: HttpRequest) -> HttpResponse:
    if request.path == "/healthz/":
        from .views import health_response  # the monitor reads JSON, whichever layer met the error

        response = health_response()
    elif wants_plain_text(request):
        response = HttpResponse(
            _("The service is temporarily unavailable. Please try again in a few minutes.") + "\n",
            content_type="text/plain; charset=utf-8",
            status=503,
        )
    else:
        # No request in the context: context processors would query the database that is down.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    # Logged once above; Django's request logger would otherwise mail ADMINS for every request.
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    """Turn a database connection error raised by a view into the 503 answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return outage_response(request, exception)
        return None


def server_error(request: HttpRequest, template_name: str = defaults.ERROR_500_TEMPLATE_NAME) -> HttpResponse:
    """handler500: the outage answer when the error being handled is the database's, else Django's page."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return outage_response(request, error)
    return defaults.server_error(request, template_name)
