"""The national pages (the installation's main domain) in a real browser: axe, the Nu checker, a 320 px phone.

The live server answers with the main domain's URLconf for these tests (pytest's urls mark sets
ROOT_URLCONF, which the server thread reads on each request), over the demo's municipalities.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from municipalities.platform_views import platform_languages
from tests.browser.axe import assert_no_blocking_violations
from tests.browser.portal import REPORT_YEAR
from tests.browser.test_layout import PHONE, WIDER_THAN_THE_VIEWPORT
from tests.browser.test_markup import _fetch, _vnu_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.urls("istog_consult.platform_urls")]

# The languages of the main domain's pages (municipalities.platform_views).
LANGUAGE_CODES = platform_languages()
NATIONAL_PAGES = {
    "platform-home": "/{lang}/",
    "national-page": f"/{{lang}}/kombetare/{REPORT_YEAR}/",
    "national-page-sorted": f"/{{lang}}/kombetare/{REPORT_YEAR}/?sort=-women&report=published",
    "national-report": f"/{{lang}}/kombetare/{REPORT_YEAR}/raporti/",
}


@pytest.mark.parametrize("name", NATIONAL_PAGES)
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_national_pages_have_no_serious_wcag_violations(page, visit, demo, axe_source, lang, name):
    visit(NATIONAL_PAGES[name].format(lang=lang), f"{lang}-{name}")
    assert_no_blocking_violations(page, axe_source, f"{lang}-{name}")


def test_the_national_pages_pass_the_nu_html_checker(live_url, demo, tmp_path):
    for lang in LANGUAGE_CODES:
        for name, path in NATIONAL_PAGES.items():
            (tmp_path / f"{lang}-{name}.html").write_bytes(_fetch(live_url + path.format(lang=lang)))

    errors = _vnu_errors(tmp_path)

    summary = [f"{Path(error['url']).name}:{error.get('lastLine')}: {error['message']}" for error in errors]
    assert summary == [], f"{len(summary)} errors, the first: " + "\n".join(summary[:30])


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", NATIONAL_PAGES)
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_no_national_page_is_wider_than_a_320px_phone(phone, live_url, demo, lang, name):
    path = NATIONAL_PAGES[name].format(lang=lang)
    phone.goto(live_url + path)
    phone.evaluate("document.querySelectorAll('details').forEach(menu => { menu.open = true; })")
    result = phone.evaluate(WIDER_THAN_THE_VIEWPORT)
    assert result["scrollWidth"] <= result["width"], f"{path} scrolls sideways at 320 px: {result}"
    assert not result["wide"], f"{path}: elements wider than the 320 px viewport: {result['wide']}"
