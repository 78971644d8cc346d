"""Which municipality a request is for: decided once, here, from its address, and read as request.municipality.

The host decides (municipalities.hosts): a municipality's domain serves its portal, a secondary
domain redirects to the primary one, the installation's main domain serves the platform's own pages
(request.urlconf = PLATFORM_URLCONF, request.municipality None), and any other host gets 400 before
any view runs. The rest of the request then runs in the municipality's scope (municipalities.scoping):
its queries see its rows only, its absolute links point to its primary domain.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from . import hosts
from .platform_views import platform_languages
from .scoping import scope

logger = logging.getLogger(__name__)

# Answered on any host: a load balancer checks a node by its address, not by a municipality's domain.
HOST_FREE_PATHS = ("/healthz/",)


class MunicipalityMiddleware:
    """Set request.municipality from the Host (cached: a page cache hit reads no database) and its scope."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.is_platform = False
        if request.path_info in HOST_FREE_PATHS:
            request.municipality = None
            with scope(None):
                return self.get_response(request)
        portal = hosts.portal_for(request.get_host())
        if portal.kind == hosts.UNKNOWN:
            return unknown_host(request)
        if portal.kind == hosts.REDIRECT:
            return HttpResponsePermanentRedirect(portal.redirect_to + request.get_full_path())
        request.municipality = portal.municipality
        if portal.kind == hosts.PLATFORM:
            request.is_platform = True
            request.urlconf = settings.PLATFORM_URLCONF
        with scope(request.municipality):
            try:
                _refuse_languages_not_offered(request)
            except Http404 as error:
                # Said in the portal's default language: the address's own is the one it does not offer.
                default = getattr(request.municipality, "default_language", settings.LANGUAGE_CODE)
                with translation.override(default):
                    return response_for_exception(request, error)
            response = self.get_response(request)
        if response.streaming:
            # A download streamed after this returns still reads in the request's scope.
            response.streaming_content = _in_scope(request.municipality, response.streaming_content)
        return response


def _refuse_languages_not_offered(request: HttpRequest) -> None:
    """An address in a language the portal does not offer (/tr/ in Istog) does not exist there.

    The main domain offers the national view's languages (platform_views.PLATFORM_LANGUAGES): /bs/ and
    /tr/ there are not found, as a language a municipality does not offer is on its domain.
    """
    prefix = request.path_info.lstrip("/").split("/", 1)[0]
    if prefix not in dict(settings.LANGUAGES):
        return
    municipality = request.municipality
    if municipality is not None:
        offered = municipality.offers(prefix)
    else:
        offered = not request.is_platform or prefix in platform_languages()
    if not offered:
        raise Http404(_("This portal is not offered in that language."))


def unknown_host(request: HttpRequest) -> HttpResponse:
    """400 for a host that is no portal of this installation: a plain page, no view, no database."""
    logger.info("Request for an unknown host %r", request.get_host())
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        title = _("Unknown address")
        text = _("This address is not a portal of this installation. Check the address you typed.")
    return HttpResponseBadRequest(
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title></head>'
        f"<body><main><h1>{escape(title)}</h1><p>{escape(text)}</p></main></body></html>",
        content_type="text/html; charset=utf-8",
    )


def _in_scope(municipality, chunks: Iterator) -> Iterator:
    with scope(municipality):
        yield from chunks
