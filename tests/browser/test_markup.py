"""The Nu HTML checker (vnu.jar, from npm) on every public page in every language: no errors.

The pages come from the live demo server, as a browser gets them; vnu checks them all in one
Java process, since starting it costs seconds. Needs Java (default-jre-headless) and
`npm install` (vnu-jar): scripts/install-system-packages.sh test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import missing_tool
from tests.browser.portal import LANGUAGE_CODES, PUBLIC_PAGES, page_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (the test's own live server)
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is checked too
        return error.read()


def _vnu_errors(folder: Path) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        missing_tool("Java is not installed: apt-get install default-jre-headless")
    if not VNU_JAR.exists():
        missing_tool(f"The Nu HTML checker is missing ({VNU_JAR}): run `npm install` (vnu-jar)")
    result = subprocess.run(  # noqa: S603 (our own java and jar)
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # vnu writes its JSON report on stderr and exits 1 when it found errors.
    return [
        message for message in json.loads(result.stderr or '{"messages": []}')["messages"] if message["type"] == "error"
    ]


def test_every_public_page_in_every_language_passes_the_nu_html_checker(live_url, demo, tmp_path):
    for lang in LANGUAGE_CODES:
        for name in PUBLIC_PAGES:
            path = page_path(name, lang, demo)
            if path is not None:
                (tmp_path / f"{lang}-{name}.html").write_bytes(_fetch(live_url + path))

    errors = _vnu_errors(tmp_path)

    summary = [f"{Path(error['url']).name}:{error.get('lastLine')}: {error['message']}" for error in errors]
    assert summary == [], f"{len(summary)} errors, the first: " + "\n".join(summary[:30])
