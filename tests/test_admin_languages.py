"""The admin speaks the page's language only: Django's own texts, the project's, and the names of link tables."""

import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib import admin

from tests.factories import HearingFactory, channel


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "correct-horse-battery-staple")


@pytest.mark.parametrize(
    ("language", "link"),
    [
        ("en", "Link: public consultation – announcement channel"),
        ("sq", "Lidhje: konsultimi publik – kanali i njoftimit"),
        ("sr-latn", "Veza: javna konsultacija – kanal najave"),
    ],
)
def test_the_delete_page_names_the_link_to_the_channels_in_the_pages_language(client, superuser, language, link):
    hearing = HearingFactory(announced_via=[channel("website")])
    client.force_login(superuser)

    html = client.get(f"/{language}/admin/consultations/hearing/{hearing.pk}/delete/").content.decode()

    assert link in html
    assert "hearing-announcementchannel" not in html


# --- No admin page shows another language's text --------------------------------------

SITE_PACKAGES_CATALOGS = (
    "django/conf",
    *(f"django/contrib/{app}" for app in ("admin", "auth", "contenttypes", "sessions", "humanize")),
)
OTHER_LANGUAGES = ["sr-latn", "sr", "bs", "tr", "en"]


def _catalog_paths(language: str, domain: str) -> list[Path]:
    import django

    root = Path(django.__file__).parent.parent
    paths = [root / app / "locale" / language / "LC_MESSAGES" / f"{domain}.po" for app in SITE_PACKAGES_CATALOGS]
    paths += [Path(folder) / language / "LC_MESSAGES" / f"{domain}.po" for folder in settings.LOCALE_PATHS]
    return [path for path in paths if path.exists()]


def _translations(language: str, domain: str) -> set[str]:
    found = set()
    for path in _catalog_paths(language, domain):
        for entry in polib.pofile(str(path)):
            if entry.translated():
                found.update([entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values())
    return found


@pytest.fixture(scope="module")
def albanian_texts() -> set[str]:
    """Albanian msgstrs of Django's and the project's catalogs that read differently in other languages."""
    texts = set()
    for path in _catalog_paths("sq", "django"):
        for entry in polib.pofile(str(path)):
            if not entry.translated():
                continue
            strings = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
            texts.update(text.strip() for text in strings if text.strip() not in (entry.msgid, entry.msgid_plural))
    # A text the other languages also use (a name, "OK", "Email") is nobody's in particular.
    for language in ("sr_Latn", "bs", "tr", "en"):
        texts -= _translations(language, "django")
    return {text for text in texts if len(text) > 3 and "%" not in text and "{" not in text}


def _visible_texts(html: str) -> set[str]:
    """The page's text nodes and the attributes people read (title, aria-label, placeholder, value of buttons)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    texts = {unescape(text).strip() for text in re.split(r"<[^>]*>", body)}
    texts |= {
        unescape(value).strip() for value in re.findall(r'(?:title|aria-label|placeholder|value)="([^"]*)"', body)
    }
    return {text for text in texts if text}


def _admin_pages(client, language: str, hearing) -> dict[str, str]:
    pages = {}
    for path in (
        "",
        "password_change/",
        "consultations/hearing/add/",
        f"consultations/hearing/{hearing.pk}/change/",
        "auth/user/add/",
        f"consultations/hearing/{hearing.pk}/delete/",
    ):
        pages[path] = client.get(f"/{language}/admin/{path}").content.decode()
    for model in admin.site._registry:
        path = f"{model._meta.app_label}/{model._meta.model_name}/"
        pages[path] = client.get(f"/{language}/admin/{path}").content.decode()
    # The form error summary, the password rules' messages.
    pages["hearing add with errors"] = client.post(f"/{language}/admin/consultations/hearing/add/", {}).content.decode()
    pages["user add with errors"] = client.post(
        f"/{language}/admin/auth/user/add/", {"username": "x", "password1": "123", "password2": "1234"}
    ).content.decode()
    pages["password change with errors"] = client.post(
        f"/{language}/admin/password_change/", {"old_password": "wrong", "new_password1": "1", "new_password2": "1"}
    ).content.decode()
    client.logout()
    pages["login"] = client.get(f"/{language}/admin/login/").content.decode()
    pages["login with errors"] = client.post(
        f"/{language}/admin/login/", {"username": "x", "password": "y"}
    ).content.decode()
    return pages


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_admin_page_shows_albanian_text_in_another_language(client, superuser, language, albanian_texts):
    hearing = HearingFactory(announced_via=[channel("website")])
    client.force_login(superuser)

    found = {}
    for name, html in _admin_pages(client, language, hearing).items():
        albanian = _visible_texts(html) & albanian_texts
        if albanian:
            found[name] = sorted(albanian)
    assert found == {}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_date_pickers_catalog_has_no_albanian_text(client, superuser, language):
    client.force_login(superuser)
    albanian = set()
    for path in _catalog_paths("sq", "djangojs"):
        for entry in polib.pofile(str(path)):
            strings = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
            albanian.update(text for text in strings if text and text not in (entry.msgid, entry.msgid_plural))
    albanian -= _translations(language.replace("sr-latn", "sr_Latn"), "djangojs")

    script = client.get(f"/{language}/admin/jsi18n/").content.decode("unicode_escape")

    assert sorted(text for text in albanian if f'"{text}"' in script) == []
