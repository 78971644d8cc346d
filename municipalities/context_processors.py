"""What every page needs: the municipality and the language switcher's links."""

from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_urlconf, reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_info

from web.addresses import absolute_url

from .models import language_codes_of

# Pages a POST leaves on screen (a refused comment, a form with errors), and the page a GET
# shows for them: the switcher cannot send the citizen to an address that takes only POST.
_PAGE_FOR_A_POST = {
    "participation:comment-submit": "consultations:hearing-detail",
    "participation:subscribe": "participation:subscribe",
    "notifications:subscription-confirm": "notifications:subscription-confirm",
    "notifications:unsubscribe": "notifications:unsubscribe",
}


def _in_language(code: str, view_name: str, kwargs: dict | None = None) -> str:
    with translation.override(code):
        return reverse(view_name, kwargs=kwargs)


def switcher_url(request: HttpRequest, code: str) -> str:
    """This page's address in the language `code`, else the nearest page there that a GET shows."""
    match = request.resolver_match
    if match is None:
        # An address that resolves to nothing (a 404) has no counterpart in another language.
        return _in_language(code, "consultations:home")
    if request.method in ("GET", "HEAD"):
        return translate_url(request.get_full_path(), code)
    target = _PAGE_FOR_A_POST.get(match.view_name)
    if target is None:
        return _in_language(code, "consultations:home")
    return _in_language(code, target, match.kwargs)


def page_addresses(request: HttpRequest) -> dict:
    """The page's canonical address and its address in each language, absolute on SITE_URL (for the head's links).

    Only for a page a GET shows that has an address (not a 404, not a form's POST): a search
    engine must find the same page in every language, and never the request's Host header.
    """
    if request.resolver_match is None or request.method not in ("GET", "HEAD"):
        return {"canonical_url": "", "alternate_urls": []}
    path = request.get_full_path()
    municipality = getattr(request, "municipality", None)
    codes = language_codes_of(municipality)
    alternates = [{"code": code, "url": absolute_url(translate_url(path, code))} for code in codes]
    default_code = municipality.default_language if municipality is not None else settings.LANGUAGE_CODE
    default = absolute_url(translate_url(path, default_code))
    return {
        "canonical_url": absolute_url(path),
        "alternate_urls": [*alternates, {"code": "x-default", "url": default}],
    }


# Django names Serbian Cyrillic just "српски"; beside "srpski (latinica)" the switcher says which script.
NAMES_LOCAL = {"sr": "српски (ћирилица)"}


def name_local(code: str) -> str:
    """A language's name in itself, as the language menus show it ("shqip", "српски (ћирилица)")."""
    return NAMES_LOCAL.get(code) or get_language_info(code)["name_local"]


def portal(request: HttpRequest) -> dict:
    """The current municipality and, for each language, this page's address in it."""
    if (get_urlconf() or settings.ROOT_URLCONF) == settings.PLATFORM_URLCONF:
        # The main domain's pages have their own language menu (municipalities.platform_views).
        return {
            "emblem_url": "",
            "municipality": None,
            "portal_languages": [],
            "canonical_url": "",
            "alternate_urls": [],
        }
    languages = []
    for code in language_codes_of(getattr(request, "municipality", None)):
        languages.append({"code": code, "name_local": name_local(code), "url": switcher_url(request, code)})
    municipality = getattr(request, "municipality", None)
    emblem_url = ""
    if municipality is not None and municipality.emblem:
        emblem_url = absolute_url(f"{reverse('municipality-emblem')}?v={quote(municipality.emblem.name)}")
    return {
        "emblem_url": emblem_url,
        # Set once per request by MunicipalityMiddleware; a request built without it (a test's
        # RequestFactory, an error page rendered outside the stack) has none.
        "municipality": municipality,
        "portal_languages": languages,
        **page_addresses(request),
    }
