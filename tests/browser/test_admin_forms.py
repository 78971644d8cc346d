"""The admin's main forms: axe-core finds nothing, and each translatable text shows one language at a time."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.browser.axe import assert_no_blocking_violations
from tests.browser.conftest import SCREENSHOTS
from tests.browser.portal import LANGUAGE_CODES, REPORT_YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

USERNAME = "axe-admin"
PASSWORD = "axe-admin-password-42"  # a test account in the test database only

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FORMS = ["hearing-add", "hearing-change", "plan-change", "request-change", "comment-moderation"]


def _model(model_name: str):
    """A model by its name, wherever it lives (the request register may move between apps)."""
    return next(model for model in apps.get_models() if model._meta.model_name == model_name)


def _change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture(scope="module")
def admin_forms(demo_server, django_db_blocker) -> dict[str, str]:
    """A superuser and one comment, committed so the live server sees them; the paths of the forms, per name."""
    from django.contrib.auth import get_user_model

    hearing_model, plan_model = _model("hearing"), _model("consultationplan")
    request_model, comment_model = _model("citizenrequest"), _model("comment")
    # The tests check passwords with the fast hasher tests/conftest.py sets for each test.
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        user = get_user_model().objects.create_superuser(USERNAME, "axe@example.org", PASSWORD)
        held = hearing_model.objects.get(pk=demo_server[1].held_hearing_pk)
        open_consultation = hearing_model.objects.get(pk=demo_server[1].open_consultation_pk)
        # A stored document: its row in the documents' table has fields of its own to label.
        held.documents.create(title="Projekt-buxheti", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="buxheti.pdf"))
        comment = comment_model.objects.create(
            hearing=open_consultation, body="A comment for the moderation form.", consent=True
        )
        return {
            "session": _signed_in_session(user),
            "hearing-add": reverse(f"admin:{held._meta.app_label}_hearing_add"),
            "hearing-change": _change_url(held),
            "plan-change": _change_url(plan_model.objects.get(year=REPORT_YEAR)),
            "request-change": _change_url(request_model.objects.order_by("pk").first()),
            "comment-moderation": _change_url(comment),
        }


def _signed_in_session(user) -> str:
    """A committed session signed in as the user, as the login page would leave it (a test's own
    session would be rolled back with the test's transaction)."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "municipalities.backends.MembershipBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def _in_language(path: str, lang: str) -> str:
    """The same admin path under another language prefix (reverse() ran in Albanian)."""
    with translation.override(lang):
        prefix = reverse("admin:index")
    with translation.override("sq"):
        albanian_prefix = reverse("admin:index")
    return prefix + path.removeprefix(albanian_prefix)


def _signed_in_context(browser, live_url: str, session_key: str, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": live_url}])
    return context


@pytest.fixture
def admin_page(browser, live_url, admin_forms):
    """A page in a fresh context, signed in to the admin by the committed session's cookie."""
    context = _signed_in_context(browser, live_url, admin_forms["session"])
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_admin_form_has_no_serious_wcag_violations(admin_page, live_url, admin_forms, axe_source, lang, name):
    path = _in_language(admin_forms[name], lang)
    response = admin_page.goto(live_url + path)
    assert response is not None and response.status == 200, f"{name} answered {response and response.status}"
    assert admin_page.url == live_url + path, f"Not signed in: {admin_page.url}"
    admin_page.screenshot(path=str(SCREENSHOTS / f"admin-{lang}-{name}.png"), full_page=True)
    assert_no_blocking_violations(admin_page, axe_source, f"admin-{lang}-{name}")


TITLE_ROWS = ", ".join(f".form-row.field-title_{code}" for code in ("sq", "sr_latn", "bs", "tr", "en"))


def _visible_title_rows(page) -> list[str]:
    return page.eval_on_selector_all(TITLE_ROWS, "rows => rows.filter(r => !r.hidden).map(r => r.className)")


def test_a_translatable_text_shows_one_language_at_a_time_albanian_first(admin_page, live_url, admin_forms):
    admin_page.goto(live_url + admin_forms["hearing-add"])
    tabs = admin_page.locator(".mt-tabs").first.locator("[role=tab]")
    assert tabs.all_inner_texts()[0].startswith("SQ")
    assert [text.split()[0] for text in tabs.all_inner_texts()] == ["SQ", "SR-LATN", "BS", "TR", "EN"]
    visible = _visible_title_rows(admin_page)
    assert len(visible) == 1 and "field-title_sq" in visible[0]
    # A new hearing: every language is still empty, and each tab says so.
    assert tabs.locator(".mt-tab-empty:not([hidden])").count() == 5
    admin_page.fill("#id_title_sq", "Dëgjim publik")
    assert tabs.nth(0).locator(".mt-tab-empty").is_hidden()
    # By keyboard: the arrow key moves to the Serbian tab and shows its field.
    tabs.nth(0).focus()
    admin_page.keyboard.press("ArrowRight")
    visible = _visible_title_rows(admin_page)
    assert len(visible) == 1 and "field-title_sr_latn" in visible[0]
    assert tabs.nth(1).get_attribute("aria-selected") == "true"


def test_without_javascript_every_language_stays_visible(browser, live_url, admin_forms):
    context = _signed_in_context(browser, live_url, admin_forms["session"], java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_url + admin_forms["hearing-add"])
        assert page.locator(".mt-tabs").count() == 0
        assert len(_visible_title_rows(page)) == 5
    finally:
        context.close()


@pytest.fixture(scope="module")
def report_pages(demo_server, django_db_blocker) -> dict[str, int]:
    """The hearings of the staff report page: one with an open request (the respond form), one published."""
    request_model = _model("citizenrequest")
    with django_db_blocker.unblock():
        waiting = request_model.objects.filter(status="open", hearing__isnull=False).order_by("pk").first()
        return {"responding": waiting.hearing_id, "published": demo_server[1].reported_hearing_pk}


@pytest.mark.parametrize("name", ["responding", "published"])
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_staff_report_page_has_no_serious_wcag_violations(
    admin_page, live_url, report_pages, axe_source, lang, name
):
    with translation.override(lang):
        path = reverse("outcomes:staff-report", args=[report_pages[name]])
    response = admin_page.goto(live_url + path)
    assert response is not None and response.status == 200, f"{name} answered {response and response.status}"
    admin_page.screenshot(path=str(SCREENSHOTS / f"staff-report-{lang}-{name}.png"), full_page=True)
    assert_no_blocking_violations(admin_page, axe_source, f"staff-report-{lang}-{name}")
    if name == "responding":
        # The respond form is reachable from the keyboard: Tab reaches its first checkbox.
        checkbox = admin_page.locator('input[name="items"]').first
        checkbox.focus()
        assert admin_page.evaluate("document.activeElement.name") == "items"
