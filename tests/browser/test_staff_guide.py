"""The staff guide's screenshots: the admin's home, a consultation's page and the moderation queue in each language.

SCREENSHOTS_TO_DOCS=1 writes them to docs/img/ (the guides show them); otherwise to test-artifacts/.
Each screenshot must show the menu names the guide quotes for that page.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.browser.conftest import SCREENSHOTS
from tests.browser.portal import LANGUAGE_CODES
from tests.browser.test_admin_forms import FAST_HASHERS, _in_language, _signed_in_context, _signed_in_session
from tests.browser.test_layout import _save_small_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# What each screenshot must show, in English; the test looks for the texts in the page's language.
# Istog's demo does not offer Turkish; Mamusha's staff read the Turkish guide, so for its screenshots
# the demo's Istog offers Turkish too, for this module only (turkish_offered).
GUIDE_LANGUAGES = [*LANGUAGE_CODES, "tr"]

SHOTS = {
    "admin-home": ("admin:index", ["Public consultations", "Register of requests", "Citizen participation"]),
    "consultation": ("hearing", ["Responses and report", "History"]),
    "comments": ("admin:participation_comment_changelist", ["Comments"]),
}


@pytest.fixture(scope="module")
def officer_session(demo_server, django_db_blocker) -> dict[str, str]:
    """The demo's consultation officer signed in, one comment awaiting moderation, and the paths to photograph."""
    from django.contrib.auth import get_user_model
    from django.test import override_settings

    from consultations.models import Hearing
    from participation.models import Comment

    demo = demo_server[1]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        user = get_user_model().objects.get(username=demo.staff_username)
        held = Hearing.objects.get(pk=demo.held_hearing_pk)
        if demo.open_consultation_pk:
            Comment.objects.create(
                hearing_id=demo.open_consultation_pk,
                name="Arta Berisha",
                email="arta@example.org",
                body="Propozoj që orari i autobusit të shtyhet deri në ora 20.",
                consent=True,
                language="sq",
            )
        return {
            "session": _signed_in_session(user),
            "hearing": reverse(f"admin:{held._meta.app_label}_hearing_change", args=[held.pk]),
        }


@pytest.fixture(scope="module")
def turkish_offered(demo_server, django_db_blocker) -> Iterator[None]:
    """The demo's only municipality offers Turkish while this module runs (saving renews its cached answer)."""
    from municipalities.models import Municipality
    from municipalities.scoping import every_municipality

    with django_db_blocker.unblock(), every_municipality("the demo server serves one municipality"):
        municipality = Municipality.objects.get()
        offered = list(municipality.languages)
        municipality.languages = [*offered, "tr"]
        municipality.save()
    yield
    with django_db_blocker.unblock(), every_municipality("the demo server serves one municipality"):
        municipality.languages = offered
        municipality.save()


def _folder() -> Path:
    if os.environ.get("SCREENSHOTS_TO_DOCS") == "1":
        return Path(settings.BASE_DIR) / "docs" / "img"
    return SCREENSHOTS / "staff-guide"


@pytest.mark.parametrize("shot", SHOTS)
@pytest.mark.parametrize("lang", GUIDE_LANGUAGES)
def test_staff_guide_screenshots(browser, live_url, officer_session, turkish_offered, lang, shot):
    from django.utils import translation

    name, texts = SHOTS[shot]
    path = officer_session[name] if name in officer_session else reverse(name)
    context = _signed_in_context(browser, live_url, officer_session["session"], device_scale_factor=1)
    page = context.new_page()
    try:
        response = page.goto(live_url + _in_language(path, lang))
        assert response is not None and response.status == 200
        shown = " ".join(page.text_content("body").split()).casefold()  # CSS may upper-case
        with translation.override(lang):
            for text in texts:
                assert translation.gettext(text).casefold() in shown, f"{shot} in {lang} does not show {text!r}"
        folder = _folder()
        folder.mkdir(parents=True, exist_ok=True)
        raw = SCREENSHOTS / f"raw-staff-{lang}-{shot}.png"
        raw.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(raw))
        target = folder / f"staff-{lang}-{shot}.png"
        _save_small_png(raw, target)
        assert target.stat().st_size < 200_000, f"{target} is {target.stat().st_size} bytes"
    finally:
        context.close()
