"""Narrow screens: at 320 px nothing is wider than the viewport, and the header stays compact.

The screenshots for docs/screenshots/ are taken here too (SCREENSHOTS_TO_DOCS=1 writes them
there; otherwise to test-artifacts/), small palette PNGs of what a citizen sees first.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import SCREENSHOTS
from tests.browser.portal import LANGUAGE_CODES, PUBLIC_PAGES, page_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 320, "height": 640}
# The goal for the header on a 320 px phone: about 120 px, down from 210.
HEADER_MAX_HEIGHT = 125

WIDER_THAN_THE_VIEWPORT = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [];
    for (const element of document.body.querySelectorAll('*')) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        // A closed menu's content is not shown (Chromium still gives it a box).
        if (element.closest('details:not([open]) > :not(summary)')) continue;
        // Clipped on purpose (Bootstrap's visually-hidden, the honeypot): seen by no one, scrolls nothing.
        if (element.closest('.visually-hidden, .visually-hidden-focusable')) continue;
        if (box.right > width + 0.5 || box.left < -0.5) {
            const id = element.id ? '#' + element.id : '';
            const classes = element.classList.length ? '.' + [...element.classList].join('.') : '';
            const where = `[${Math.round(box.left)}, ${Math.round(box.right)}]`;
            wide.push(`${element.tagName.toLowerCase()}${id}${classes} ${where}`);
        }
    }
    return {width, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 12)};
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_no_element_is_wider_than_a_320px_phone(phone, live_url, demo, lang, name):
    path = page_path(name, lang, demo)
    assert path is not None, "The demo data has no written consultation open for comments."
    phone.goto(live_url + path)
    for state in ("menus closed", "menus open"):
        if state == "menus open":
            phone.evaluate("document.querySelectorAll('details.portal-menu').forEach(menu => { menu.open = true; })")
        result = phone.evaluate(WIDER_THAN_THE_VIEWPORT)
        assert result["scrollWidth"] <= result["width"], f"{path} scrolls sideways at 320 px, {state}: {result}"
        assert not result["wide"], f"{path}, {state}: elements wider than the 320 px viewport: {result['wide']}"
    header = phone.evaluate("document.querySelector('header').getBoundingClientRect().height")
    assert header <= HEADER_MAX_HEIGHT, f"{path}: the header takes {header} px at 320 px"


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_compact_menus_open_by_keyboard_without_javascript(browser, live_url, lang, demo):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_url + page_path("home", lang, demo))
        for menu in (".portal-menu-nav", ".portal-menu-language"):
            summary = page.locator(f"{menu} > summary")
            summary.focus()
            page.keyboard.press("Enter")
            assert page.locator(menu).get_attribute("open") is not None, f"{menu} did not open with Enter"
            first_link = page.locator(f"{menu} a").first
            page.keyboard.press("Tab")
            assert first_link.evaluate("link => link === document.activeElement"), f"Tab did not reach {menu}'s links"
            summary.focus()
            page.keyboard.press("Enter")
    finally:
        context.close()


DOC_PAGES = ["home", "hearing-list", "held-hearing", "report"]
DOC_SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}


def _screenshot_folder() -> Path:
    if os.environ.get("SCREENSHOTS_TO_DOCS") == "1":
        return Path(settings.BASE_DIR) / "docs" / "screenshots"
    return SCREENSHOTS / "docs"


def _save_small_png(raw: Path, target: Path) -> None:
    """A palette PNG: the screenshots stay well under 150 KB for the README."""
    from PIL import Image

    with Image.open(raw) as image:
        image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


@pytest.mark.parametrize("size", DOC_SIZES)
@pytest.mark.parametrize("name", DOC_PAGES)
def test_screenshots_for_the_readme(browser, live_url, demo, name, size):
    context = browser.new_context(viewport=DOC_SIZES[size], device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(live_url + page_path(name, "sq", demo))
        folder = _screenshot_folder()
        folder.mkdir(parents=True, exist_ok=True)
        raw = SCREENSHOTS / f"raw-{name}-{size}.png"
        raw.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(raw))
        target = folder / f"{name}-{size}.png"
        _save_small_png(raw, target)
        assert target.stat().st_size < 150_000, f"{target} is {target.stat().st_size} bytes"
    finally:
        context.close()
