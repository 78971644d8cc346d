"""What every page needs: the municipality and the language switcher's links."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_info

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


def portal(request: HttpRequest) -> dict:
    """The current municipality and, for each language, this page's address in it."""
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append({"code": code, "name_local": info["name_local"], "url": switcher_url(request, code)})
    return {
        # Set once per request by MunicipalityMiddleware; a request built without it (a test's
        # RequestFactory, an error page rendered outside the stack) has none.
        "municipality": getattr(request, "municipality", None),
        "portal_languages": languages,
    }
