"""The hearing page's JSON-LD under a strict CSP in Chromium: data, not a script, so nothing is blocked or reported.

The portal's own CSP middleware comes with the hardening work; here the same policy is put on the
real page by intercepting its request, so this holds whatever that middleware finally sends.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.portal import url

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

STRICT_POLICY = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"


def test_json_ld_passes_a_strict_csp_without_a_violation(page, live_url, demo, client):
    path = url("consultations:hearing-detail", "sq", pk=demo.held_hearing_pk)
    # The page as the portal renders it (Django's test client, in this thread), served to Chromium
    # at its real address with the strict policy added; its CSS still comes from the live server.
    rendered = client.get(path)
    assert rendered.status_code == 200

    def with_policy(route):
        route.fulfill(
            status=200,
            body=rendered.content,
            headers={"content-type": rendered["Content-Type"], "content-security-policy": STRICT_POLICY},
        )

    page.route(live_url + path, with_policy)
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));"
    )
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    response = page.goto(live_url + path)
    assert response.headers["content-security-policy"] == STRICT_POLICY
    page.wait_for_load_state("load")

    assert page.evaluate("window.__violations") == []
    assert [error for error in errors if "Content Security Policy" in error] == []
    block = page.locator('script[type="application/ld+json"]').text_content()
    assert json.loads(block)["@type"] == "Event"
    # The policy does bite: an inline handler that would run is refused and reported (no network involved,
    # so no request outlives the test).
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<button id=csp-probe onclick=\"window.__ran = 1\">x</button>')"
    )
    page.locator("#csp-probe").click()
    page.wait_for_function("window.__violations.length > 0")
    assert page.evaluate("window.__ran") is None
