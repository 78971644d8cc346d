"""The strict Content-Security-Policy holds in Chromium: public pages, error pages and the admin, no violation.

Every test of the browser suite records CSP violations (tests/browser/conftest.py, `page`); this
module adds the admin pages staff use and a page that would break the policy, to show the recording works.
"""

from __future__ import annotations

import pytest

from tests.browser.portal import url

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def sign_in(page, live_url: str, demo) -> None:
    """Sign in through the admin's login page, as staff do."""
    page.goto(live_url + url("admin:login", "sq"))
    page.fill("#id_username", demo.staff_username)
    page.fill("#id_password", demo.staff_password)
    with page.expect_navigation():
        page.click("input[type=submit]")


def test_the_admin_login_index_and_hearing_form_keep_the_policy(page, live_url, demo, visit, csp_violations):
    response = visit(url("admin:login", "sq"), "admin-login")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    sign_in(page, live_url, demo)
    visit(url("admin:index", "sq"), "admin-index")
    assert page.locator("#staff-overview-link").is_visible()
    padding = page.locator("#staff-overview-link p").evaluate("element => getComputedStyle(element).paddingLeft")
    assert padding == "10px", "the staff overview link's style comes from static/css/admin.css"
    visit(url("admin:consultations_hearing_changelist", "sq"), "admin-hearing-list")
    visit(url("admin:consultations_hearing_change", "sq", object_id=demo.held_hearing_pk), "admin-hearing-form")
    visit(url("admin:consultations_hearing_add", "sq"), "admin-hearing-add")
    visit(url("admin_password_reset", "sq"), "password-reset")
    assert csp_violations == []


@pytest.mark.parametrize("path", ["/sq/no-such-page/", "/sq/komenti/pranuar/?consultation=%C2%B2"])
def test_error_and_odd_pages_keep_the_policy(visit, path):
    visit(path, "odd-page", status=404 if "no-such" in path else 200)


def test_an_inline_script_would_be_recorded_as_a_violation(page, live_url, csp_violations):
    page.goto(live_url + url("consultations:home", "sq"))
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected === undefined")
    assert any("script-src" in violation for violation in csp_violations)
    csp_violations.clear()  # expected here: the policy worked
