"""The staff pages on a phone, at 200 % zoom and on a wide screen: nothing scrolls sideways or overlaps."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.browser.portal import LANGUAGE_CODES, REPORT_YEAR
from tests.browser.test_admin_forms import FAST_HASHERS, _signed_in_session
from tests.browser.test_layout import WIDER_THAN_THE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def staff(demo_server, django_db_blocker) -> dict:
    """A signed-in superuser's session and the hearings the staff pages show."""
    from django.contrib.auth import get_user_model

    from consultations.models import Hearing

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        user = get_user_model().objects.create_superuser("layout-admin", "layout@example.org", "layout-admin-42")
        held = Hearing.objects.get(pk=demo_server[1].held_hearing_pk)
        return {"session": _signed_in_session(user), "held": held.pk, "reported": demo_server[1].reported_hearing_pk}


def _path(view_name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(view_name, kwargs=kwargs or None)


def _open(browser, live_url, staff, path, viewport=None, **context_options):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, **context_options)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": staff["session"], "url": live_url}])
    page = context.new_page()
    response = page.goto(live_url + path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    page.wait_for_load_state("networkidle")
    return context, page


STAFF_PAGES = {
    "compliance": lambda staff, lang: _path("compliance:compliance-year", lang, year=REPORT_YEAR),
    "overview": lambda staff, lang: _path("staff:overview", lang),
    "staff-report": lambda staff, lang: _path("outcomes:staff-report", lang, pk=staff["reported"]),
}


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_no_staff_page_scrolls_sideways_on_a_320px_phone(browser, live_url, staff, lang, name):
    path = STAFF_PAGES[name](staff, lang)
    context, page = _open(browser, live_url, staff, path, viewport={"width": 320, "height": 640})
    try:
        result = page.evaluate(WIDER_THAN_THE_VIEWPORT)
        assert result["scrollWidth"] <= result["width"], f"{path} scrolls sideways at 320 px: {result}"
    finally:
        context.close()


# --- 200 % zoom: a 1280 px window shows 640 CSS pixels --------------------------------------

SCROLL_BOXES_A_KEYBOARD_CANNOT_REACH = """() => {
    const unreachable = [];
    for (const element of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(element);
        const scrolls = ['auto', 'scroll'].includes(style.overflowX) && element.scrollWidth > element.clientWidth + 1;
        if (!scrolls) continue;
        const named = element.getAttribute('aria-label') || element.getAttribute('aria-labelledby');
        if (element.tabIndex < 0 || !named) {
            unreachable.push(`${element.tagName.toLowerCase()}.${[...element.classList].join('.')} ` +
                `(${element.clientWidth} of ${element.scrollWidth} px, tabindex ${element.tabIndex}, name ${named})`);
        }
    }
    return unreachable;
}"""


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_at_200_percent_zoom_the_reports_tables_can_be_scrolled_from_the_keyboard(browser, live_url, lang, axe_source):
    from tests.browser.axe import assert_no_blocking_violations

    context = browser.new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(live_url + _path("reports:annual-report", lang, year=REPORT_YEAR))
        page.wait_for_load_state("networkidle")
        assert page.evaluate(SCROLL_BOXES_A_KEYBOARD_CANNOT_REACH) == []
        assert_no_blocking_violations(page, axe_source, f"report-zoom-200-{lang}")
    finally:
        context.close()


# --- The admin's hearing page on a wide screen ---------------------------------------------

TOOLS_OVER_THE_TITLE = """() => {
    const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    // The titles' text itself (its line boxes), not the headings' full-width blocks.
    const titles = [...document.querySelectorAll('#content > h1, #content > h2')].flatMap(heading => {
        const range = document.createRange();
        range.selectNodeContents(heading);
        return [...range.getClientRects()];
    });
    const tools = [...document.querySelectorAll('.object-tools a')];
    const hits = [];
    for (const tool of tools) {
        const box = tool.getBoundingClientRect();
        if (titles.some(title => overlaps(box, title))) hits.push(tool.textContent.trim());
    }
    return {tools: tools.length, titles: titles.length, hits};
}"""


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_admin_hearing_pages_buttons_leave_its_title_readable_at_1280px(browser, live_url, staff, lang):
    path = _path("admin:consultations_hearing_change", lang, object_id=staff["held"])
    context, page = _open(browser, live_url, staff, path)
    try:
        result = page.evaluate(TOOLS_OVER_THE_TITLE)
        assert result["tools"] >= 6 and result["titles"] >= 1, result
        assert result["hits"] == [], f"{path}: buttons over the title: {result}"
    finally:
        context.close()


@pytest.mark.parametrize("name", ["compliance", "overview"])
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_staff_pages_have_no_serious_wcag_violations(browser, live_url, staff, axe_source, lang, name):
    from tests.browser.axe import assert_no_blocking_violations

    for viewport in ({"width": 1280, "height": 900}, {"width": 320, "height": 640}):
        context, page = _open(browser, live_url, staff, STAFF_PAGES[name](staff, lang), viewport=viewport)
        try:
            assert_no_blocking_violations(page, axe_source, f"staff-{name}-{lang}-{viewport['width']}")
        finally:
            context.close()
