"""The installation's main domain: the municipalities it hosts, each linking to its own portal."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import translate_url
from django.utils import timezone, translation

from .context_processors import name_local
from .models import Municipality
from .scoping import every_municipality

# The platform's pages speak the languages of the national view.
PLATFORM_LANGUAGES = ("sq", "sr-latn", "sr", "en")


def platform_languages() -> list[str]:
    offered = dict(settings.LANGUAGES)
    return [code for code in PLATFORM_LANGUAGES if code in offered]


def platform_context(request: HttpRequest) -> dict:
    path = request.get_full_path()
    return {
        "platform_languages": [
            {"code": code, "name_local": name_local(code), "url": translate_url(path, code)}
            for code in platform_languages()
        ]
    }


def root(request: HttpRequest) -> HttpResponse:
    """/ on the main domain: the list in the visitor's language (the one they chose, else their browser's)."""
    language = translation.get_language_from_request(request)
    if language not in platform_languages():
        language = settings.LANGUAGE_CODE
    return redirect(f"/{language}/")


def home(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    with every_municipality("the main domain lists every municipality it hosts"):
        municipalities = list(Municipality.objects.order_by("name"))
    names = {code: name_local(code) for code, _name in settings.LANGUAGES}
    for municipality in municipalities:
        # Linked in the visitor's language where the municipality offers it, else in its own default.
        municipality.link_language = language if municipality.offers(language) else municipality.default_language
        municipality.language_names = " · ".join(names[code] for code in municipality.languages if code in names)
    # The national view's years (national/): this one and the two before.
    this_year = timezone.localdate().year
    context = {"municipalities": municipalities, "national_years": range(this_year, this_year - 3, -1)}
    return TemplateResponse(request, "platform/home.html", {**context, **platform_context(request)})
