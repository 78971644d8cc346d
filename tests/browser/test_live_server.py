"""The live server under a browser's parallel requests: none fails on the shared test database.

With in-memory SQLite every request of the live server uses the test's one connection; served
in parallel threads, two requests interleave their transactions' savepoints and one fails with
"no such savepoint" (the flaky admin test of tests/browser/test_security_headers.py).
"""

from __future__ import annotations

import pytest

from tests.browser.portal import url
from tests.browser.test_security_headers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PARALLEL_FETCHES = """async paths => {
    const responses = await Promise.all(paths.map(path => fetch(path, {credentials: 'same-origin'})));
    return responses.map(response => response.status);
}"""


def test_many_requests_at_once_all_succeed(page, live_url, demo):
    sign_in(page, live_url, demo)
    paths = [
        url("admin:index", "sq"),
        url("admin:consultations_hearing_changelist", "sq"),
        url("admin:consultations_hearing_change", "sq", object_id=demo.held_hearing_pk),
        url("consultations:hearing-list", "en"),
        url("consultations:home", "sq"),
        url("staff:overview", "sq"),
    ] * 4
    statuses = page.evaluate(PARALLEL_FETCHES, paths)
    assert statuses == [200] * len(paths)
