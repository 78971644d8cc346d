"""Real-browser tests: one headless Chromium and one live server for the whole package.

How the data reaches the browser (the choice the brief asks to document):
pytest-django's `live_server` fixture pulls in `transactional_db` for every test that uses
it, and `transactional_db` flushes the database after each test, so demo data loaded once
would be gone after the first test, and loading it for every test costs seconds a test.
Instead:

1. `demo_server` (package-scoped) serializes what the test database holds (the groups and
   announcement channels the migrations create), loads the demo with
   `call_command("load_istog_2025")` and commits it, then starts pytest-django's own
   `LiveServer` helper once for every test in tests/browser/. Committed data is what the
   server thread sees on PostgreSQL (its own connection); on SQLite it shares the test's
   in-memory connection anyway.
2. Every test module carries `pytest.mark.django_db` (plain, not transactional). That
   tells pytest-django to create the test database at all (a session with only browser
   tests would otherwise point Django at the developer's db.sqlite3), opens the database
   to the server thread while a test runs, and wraps each test in a transaction that is
   rolled back, leaving the committed demo data in place for the next test.
   It loads Istog alone (`load_istog_2025`, not `make run`'s `load_demo`): with one
   municipality in the database the live server at `localhost` serves Istog as an installation
   of one municipality (municipalities.hosts, rule 5), which is what these tests visit. With the
   three demo municipalities, `localhost` would be the main domain's list of municipalities.
3. At the end `demo_server` flushes the database and restores what it held before, as
   Django's `serialized_rollback` does, so tests that run later see no demo data.

When Chromium, Playwright or axe-core is missing the tests fail and say what to install
(scripts/install-system-packages.sh test), so that the browser suite is never skipped silently.
SKIP_BROWSER=1 skips the whole browser suite on purpose, and the run's last line says how many
browser tests were skipped.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.db import connection

from municipalities.scoping import every_municipality
from tests.browser.portal import REPORT_YEAR

# Playwright's sync API runs an event loop in the test's thread; Django then refuses ORM
# calls from that thread as "async-unsafe" although nothing runs concurrently there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# How Chromium runs on these machines: without the background-networking flags its own
# connections to Google are refused by the closed network, many at a time. Playwright's
# launch() gives every run a fresh, empty --user-data-dir of its own (it refuses one in args).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


INSTALL_HINT = "scripts/install-system-packages.sh test (or SKIP_BROWSER=1 to leave the browser suite out)"


_SKIPPED_BROWSER_TESTS = pytest.StashKey[int]()


def _skip_browser() -> bool:
    return os.environ.get("SKIP_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def missing_tool(message: str) -> NoReturn:
    """A missing tool fails the test with what to install: the browser suite is never skipped silently."""
    pytest.fail(f"{message}. Install it with {INSTALL_HINT}", pytrace=False)


def _is_browser_test(item: pytest.Item) -> bool:
    return item.get_closest_marker("browser") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """SKIP_BROWSER=1: skip every browser test, and count them for the run's last line."""
    if not _skip_browser():
        return
    skip = pytest.mark.skip(reason="SKIP_BROWSER=1: the browser suite was left out")
    browser_items = [item for item in items if _is_browser_test(item)]
    for item in browser_items:
        item.add_marker(skip)
    config.stash[_SKIPPED_BROWSER_TESTS] = len(browser_items)


def pytest_unconfigure(config: pytest.Config) -> None:
    """After pytest's own summary line: say how many browser tests SKIP_BROWSER=1 skipped."""
    skipped = config.stash.get(_SKIPPED_BROWSER_TESTS, None)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if skipped is not None and reporter is not None:
        reporter.write_line(f"SKIP_BROWSER=1: {skipped} browser tests were skipped, not run.", yellow=True, bold=True)


# --- The browser --------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Debian Chromium for the whole session, driven by Playwright's sync API."""
    if not CHROMIUM.exists():
        missing_tool(f"Chromium is not installed at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("The Python package playwright is missing: pip install -r requirements-dev.txt")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        missing_tool(f"Chromium at {CHROMIUM} did not start: {error}")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def axe_source() -> Path:
    """axe-core's script, installed from npm by `make browser-deps`."""
    if not AXE_JS.exists():
        missing_tool(f"axe-core is missing ({AXE_JS}): run `make browser-deps` (npm install --no-audit --no-fund)")
    return AXE_JS


# Every document reports each Content-Security-Policy violation on the console, where the test
# collects it; Chromium also logs a "Refused to ..." line of its own, collected alike.
CSP_REPORTER = """
document.addEventListener('securitypolicyviolation', event => {
    console.error('CSP violation: ' + JSON.stringify({
        directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile,
        line: event.lineNumber, sample: event.sample, page: document.location.href,
    }));
});
"""


def is_csp_violation(text: str) -> bool:
    """Whether a console message reports a Content-Security-Policy violation."""
    return text.startswith("CSP violation: ") or "Content Security Policy" in text


@pytest.fixture
def csp_violations() -> list[str]:
    """The CSP violations the test's pages reported; the page fixture fails the test on any."""
    return []


@pytest.fixture
def page(browser, csp_violations) -> Iterator:
    """A fresh browser context (no cookies) and page for each test, downloads allowed.

    Every page it shows records its CSP violations; a test after which any was recorded fails.
    """
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.add_init_script(CSP_REPORTER)
    context.on(
        "console",
        lambda message: (
            csp_violations.append(f"{message.page.url if message.page else '?'}: {message.text}")
            if is_csp_violation(message.text)
            else None
        ),
    )
    page = context.new_page()
    yield page
    context.close()
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


# --- The server and its data --------------------------------------------------------


# A staff account the browser signs in with (committed with the demo data, so the server sees it).
STAFF_USERNAME = "zyrtari-shfletuesi"
STAFF_PASSWORD = "Shfletuesi-2025-Istog"


@dataclass(frozen=True)
class Demo:
    """The objects the tests visit, looked up once after the data is loaded."""

    held_hearing_pk: int
    open_consultation_pk: int | None
    # A held hearing whose report (what was said, what the municipality did) the demo published.
    reported_hearing_pk: int | None = None
    staff_username: str = STAFF_USERNAME
    staff_password: str = STAFF_PASSWORD


def _create_staff_officer() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import override_settings

    from municipalities import roles
    from municipalities.models import Membership, Municipality

    # The tests check passwords with the fast MD5 hasher only (tests/conftest.py): hash it the same way.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        user = get_user_model().objects.create_user(STAFF_USERNAME, password=STAFF_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.OFFICER))
    for municipality in Municipality.objects.all():
        Membership.objects.get_or_create(user=user, municipality=municipality, defaults={"role": roles.OFFICER})


def _find_demo_objects() -> Demo:
    """The held hearing the tests read and, if one is open now, the written consultation."""
    from consultations.models import Hearing

    held = (
        Hearing.objects.published()
        .held()
        .in_year(REPORT_YEAR)
        .exclude(title_sr_latn="")
        .exclude(title_sr_latn__isnull=True)
        .order_by("-starts_at", "-pk")  # the latest: first in the list, whatever its page size
        .first()
    )
    assert held is not None, f"The demo data has no published, held hearing in {REPORT_YEAR} with a Serbian title."
    open_consultation = Hearing.objects.published().open_for_comments().order_by("pk").first()
    reported = Hearing.objects.published().filter(reports__isnull=False).order_by("pk").first()
    return Demo(
        held_hearing_pk=held.pk,
        open_consultation_pk=open_consultation.pk if open_consultation else None,
        reported_hearing_pk=reported.pk if reported else None,
    )


@pytest.fixture(autouse=True)
def _media_in_tmp():
    """Overrides tests/conftest.py: browser tests read the demo's PDFs from demo_server's folder."""


class OneRequestAtATimeServer(WSGIServer):
    """Django's live server without threads: requests are served in turn, in the server's thread.

    Django's own server closes each connection after its response when it is not threaded, so a
    browser's keep-alive connection never holds the others up.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        # The server thread already uses the shared connections (LiveServerThread.run).
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="package")
def demo_server(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[tuple[str, Demo]]:
    """The demo data, committed once, and one live server for every browser test."""
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    # The demo publishes its 2025 report: the PDFs go to a folder of this run, not media/.
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()

    # Never load the demo into a real database: pytest-django made a test database only if
    # some collected test carries the django_db mark (or a db fixture).
    if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
        pytest.fail("No test database was set up: browser test modules need `pytest.mark.django_db`.")
    with django_db_blocker.unblock(), every_municipality("the browser suite loads the demo"):
        before = connection.creation.serialize_db_to_string()
        call_command("load_istog_2025", verbosity=0)
        _create_staff_officer()
        demo = _find_demo_objects()
    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"), start=False)
    if server.thread.connections_override:
        # In-memory SQLite: every request thread would share the test's one connection, and two
        # requests at once (a page and its stylesheet, or the next page while the last one's
        # requests still run) interleave their savepoints: "no such savepoint". One at a time.
        server.thread.server_class = OneRequestAtATimeServer
    server.start()
    server._live_server_modified_settings.enable()
    try:
        yield server.url, demo
    finally:
        server._live_server_modified_settings.disable()
        server.stop()
        with django_db_blocker.unblock(), every_municipality("the browser suite puts the database back"):
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(before)
        media.disable()


@pytest.fixture
def live_url(demo_server) -> str:
    """The live server's address (the test's django_db mark lets the server use the database)."""
    return demo_server[0]


@pytest.fixture
def demo(demo_server) -> Demo:
    return demo_server[1]


# --- Visiting pages -----------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def snap(page, request, screenshot_dir) -> Callable[..., Path]:
    """Save a full-page screenshot as <test>-<lang>-<page>.png, the language read off <html lang>."""

    def take(name: str, *, full_page: bool = True) -> Path:
        lang = page.evaluate("document.documentElement.lang") or "nolang"
        path = screenshot_dir / f"{_slug(request.node.originalname)}-{_slug(lang)}-{_slug(name)}.png"
        for attempt in range(3):
            try:
                page.screenshot(path=str(path), full_page=full_page)
                return path
            except Exception as error:  # playwright's Error (playwright is imported only where it is needed)
                # A busy machine (two parts of the suite, each with its Chromium) sometimes gets "Unable to
                # capture screenshot" from Chromium's compositor; the page itself is fine: try again.
                if "Unable to capture screenshot" not in str(error) or attempt == 2:
                    raise
                time.sleep(1)
        return path

    return take


@pytest.fixture
def visit(page, live_url, snap) -> Callable[[str, str], object]:
    """Open a path on the live server, insist on the expected answer (200 unless told), take its screenshot."""

    def open_page(path: str, name: str, status: int = 200):
        response = page.goto(live_url + path)
        assert response is not None, f"No response for {path}"
        assert response.status == status, f"{path} answered {response.status} {response.status_text}"
        snap(name)
        return response

    return open_page
