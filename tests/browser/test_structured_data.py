"""The hearing page's JSON-LD under the portal's strict CSP in Chromium: data, not a script, so nothing
is blocked or reported (the package's conftest fails any test whose page reports a CSP violation)."""

from __future__ import annotations

import json

import pytest

from tests.browser.portal import url

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_json_ld_passes_the_strict_csp_without_a_violation(page, live_url, demo):
    path = url("consultations:hearing-detail", "sq", pk=demo.held_hearing_pk)
    response = page.goto(live_url + path)
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    directives = {part.split()[0]: part for part in (item.strip() for item in policy.split(";")) if part}
    # Scripts fall under script-src, or default-src when the policy has none.
    script_src = directives.get("script-src", directives["default-src"])
    assert "'self'" in script_src and "'unsafe-inline'" not in script_src and "sha256-" not in script_src
    page.wait_for_load_state("load")
    block = page.locator('script[type="application/ld+json"]').text_content()
    assert json.loads(block)["@type"] == "Event"
