"""WCAG 2.1 A and AA checks with axe-core, and keyboard focus, on the public pages in every language."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_no_blocking_violations
from tests.browser.portal import LANGUAGE_CODES, PAGES, page_path, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def open_page(demo, visit):
    """Visit a page under test by its name and language."""

    def open_by_name(name: str, lang: str) -> None:
        path = page_path(name, lang, demo)
        # load_istog_2025 always opens one written consultation today (clamped inside the year).
        assert path is not None, "The demo data has no written consultation open for comments."
        visit(path, name, status=404 if name == "not-found" else 200)

    return open_by_name


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_page_has_no_serious_wcag_violations(page, open_page, axe_source, lang, name):
    open_page(name, lang)
    assert_no_blocking_violations(page, axe_source, f"{lang}-{name}")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_skip_link_comes_first_and_keyboard_focus_is_visible(page, open_page, snap, lang, name):
    open_page(name, lang)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                html: element.outerHTML.slice(0, 200),
                href: element.getAttribute('href'),
                outlineStyle: style.outlineStyle,
                outlineWidth: style.outlineWidth,
                boxShadow: style.boxShadow,
                visible: element.getBoundingClientRect().width > 1 && element.getBoundingClientRect().height > 1,
            };
        }"""
    )
    snap(f"{name}-first-tab", full_page=False)
    assert focused["href"] == "#main", f"The first Tab stop is not the skip link: {focused['html']}"
    outline_shown = focused["outlineStyle"] != "none" and focused["outlineWidth"] not in ("0px", "")
    assert outline_shown or focused["boxShadow"] != "none", f"The focused skip link shows no focus ring: {focused}"
    assert focused["visible"], f"The focused skip link stays visually hidden: {focused}"


@pytest.mark.parametrize("outcome", ["match", "no-match"])
def test_the_verification_result_is_readable(page, visit, axe_source, outcome):
    """The verdict's box (green or red) and the checksum in it keep WCAG's contrast."""
    from reports.models import PublishedReportFile

    checksum = PublishedReportFile.objects.order_by("pk").first().sha256 if outcome == "match" else "0" * 64
    visit(url("reports:verify", "sq"), f"verify-{outcome}")
    page.fill("#id_sha256", checksum)
    with page.expect_navigation():
        page.locator("form [type=submit]").first.click()
    assert page.locator("[role=status].alert").count() == 1
    assert_no_blocking_violations(page, axe_source, f"verify-result-{outcome}")


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_admin_sign_in_page_has_one_main_heading_and_no_violations(page, visit, axe_source, lang):
    visit(url("admin:login", lang), f"admin-login-{lang}")
    headings = page.locator("h1")
    assert headings.count() == 1
    assert headings.first.inner_text().strip()
    assert_no_blocking_violations(page, axe_source, f"admin-login-{lang}")
