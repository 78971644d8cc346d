"""The municipality's colour and emblem as files, so pages use them without inline styles (strict CSP)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from web.storage import unavailable_response

from .branding import DEFAULT_PRIMARY_COLOR, is_safe_to_decode

# Pages link these files with ?v=<the colour or the emblem's name>, so a change is a new address.
ONE_YEAR = 365 * 24 * 3600
EMBLEM_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


@require_GET
@cache_control(public=True, max_age=ONE_YEAR)
def municipality_css(request: HttpRequest) -> HttpResponse:
    """The custom properties portal.css reads: the header's colour, which the database keeps as #rrggbb."""
    municipality = request.municipality
    color = municipality.primary_color if municipality else DEFAULT_PRIMARY_COLOR
    return HttpResponse(f":root {{ --portal-primary: {color}; }}\n", content_type="text/css; charset=utf-8")


@require_GET
def municipality_emblem(request: HttpRequest) -> HttpResponse:
    """The emblem the officer uploaded (a validated PNG or JPEG), for the header and the favicon."""
    municipality = request.municipality
    if not municipality or not municipality.emblem:
        raise Http404
    extension = municipality.emblem.name.rsplit(".", 1)[-1].lower()
    try:
        handle = municipality.emblem.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    except OSError as error:  # the disk or the object storage does not answer
        return unavailable_response(municipality.emblem.name, error)
    if not is_safe_to_decode(handle):
        # Stored before the pixel limit: no visitor's browser is made to decode it.
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=EMBLEM_TYPES.get(extension, "application/octet-stream"))
    patch_cache_control(response, public=True, max_age=ONE_YEAR)  # not the 503 of a storage that is down
    return response
