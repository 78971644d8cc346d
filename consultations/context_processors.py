"""What every page needs: the municipality and the language switcher's links."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

from .models import Municipality


def portal(request) -> dict:
    """The current municipality and, for each language, this page's address in it."""
    path = request.get_full_path()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append({"code": code, "name_local": info["name_local"], "url": translate_url(path, code)})
    return {
        "municipality": Municipality.objects.current(),
        "portal_languages": languages,
    }
