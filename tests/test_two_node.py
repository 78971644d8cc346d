"""scripts/two_node.py, briefly: nginx, two gunicorn nodes, one killed with kill -9 and restarted under load.

The script starts every service itself (its own PostgreSQL database and Redis database number, moto's S3
server, an SMTP sink, Debian's nginx) and prints a JSON summary; this test runs it for 8 seconds of load
and reads that summary. It needs nginx (scripts/install-system-packages.sh test) and PostgreSQL and
Redis on 127.0.0.1, and is skipped without them.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.nginx_microcache import NGINX

ROOT = Path(__file__).resolve().parent.parent


def _listens(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.nginx,
    pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian's nginx is not installed"),
    pytest.mark.skipif(not _listens(5432), reason="no PostgreSQL on 127.0.0.1:5432"),
    pytest.mark.skipif(not _listens(6379), reason="no Redis on 127.0.0.1:6379"),
]


@pytest.fixture(scope="module")
def summary(tmp_path_factory) -> dict:
    """The JSON summary of an 8-second run (node B killed at 2.5 s, started again 1.5 s later)."""
    output = tmp_path_factory.mktemp("two-node") / "summary.json"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GUNICORN_"))}
    completed = subprocess.run(  # noqa: S603 - our own script with fixed arguments
        [
            sys.executable,
            str(ROOT / "scripts" / "two_node.py"),
            "--duration=8",
            "--kill-at=2.5",
            "--down=1.5",
            "--clients=20",
            "--skip-measure",
            f"--database-name=istog_two_node_test_{os.getpid()}",
            "--redis-db=11",
            "--port-base=20960",
            f"--json={output}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return json.loads(output.read_text())


def test_no_server_error_outside_the_moment_the_node_was_killed(summary):
    assert summary["failures"]["outside_total"] == 0, summary["failures"]
    assert summary["load"]["requests"] > 100


def test_every_accepted_post_is_stored_once_and_nothing_else(summary):
    for figures in summary["posts"].values():
        assert figures["accepted_not_stored"] == 0
        assert figures["stored_not_accepted"] == 0
        assert figures["stored_twice"] == 0  # a form sent again after an error answer is stored once
        assert figures["stored"] == figures["accepted"] + figures["stored_in_doubt"]
    assert summary["posts"]["comment"]["accepted"] > 0
    assert summary["posts"]["subscription"]["accepted"] > 0


def test_every_queued_mail_is_sent_once(summary):
    mail = summary["mail"]
    assert mail["queued"] == mail["sent"] == mail["received"] > 0
    assert mail["sent_twice"] == 0


def test_every_published_pdf_is_verified_on_both_nodes_before_and_after_the_restart(summary):
    for check in summary["pdfs"].values():
        assert check["failures"] == []
        assert check["verified"] == check["downloads"] == 3 * check["files"] > 0


def test_an_edit_through_one_node_shows_on_the_other_at_the_next_request(summary):
    for check in summary["edits"].values():
        assert check["visible"], check
        assert set(check["cached_before"].values()) == {"hit"}  # the other node served them from the cache before


def test_no_node_and_no_worker_logs_an_error(summary):
    assert {source: errors for source, errors in summary["logged_errors"].items() if errors} == {}


def test_no_pdf_is_published_in_a_language_its_municipality_does_not_offer(summary):
    assert [check["not_offered"] for check in summary["pdfs"].values()] == [[], []]
