"""nginx's one-second micro-cache (deploy/nginx/istog-consult.conf) in front of a live portal.

nginx runs as a child process, with the repository's file as written except the addresses
(the test server as upstream, a port in 20900-20999, no TLS) and the folders (all in tmp):
scripts/nginx_microcache.py's `nginx_conf`, which also measures its throughput.
The marker `nginx` lets the suite run without Debian's nginx (it is skipped then, and
scripts/install-system-packages.sh test installs it).
"""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from consultations.models import Hearing
from scripts.nginx_microcache import NGINX, nginx_conf

pytestmark = [
    pytest.mark.nginx,
    pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian's nginx is not installed"),
]


def _free_port() -> int:
    for port in range(20900, 21000):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 20900-20999")


@pytest.fixture
def nginx(live_server, tmp_path) -> Iterator[str]:
    """nginx in front of the live server; its address (host:port)."""
    port = _free_port()
    upstream = live_server.url.removeprefix("http://").replace("localhost", "127.0.0.1")
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(tmp_path, port, upstream))
    command = [NGINX, "-p", str(tmp_path), "-c", str(conf)]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)  # noqa: S603 (Debian's nginx)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stderr=subprocess.PIPE)  # noqa: S603 (Debian's nginx)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "nginx did not start listening"
                time.sleep(0.05)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log = tmp_path / "error.log"
        print(log.read_text() if log.exists() else "")  # shown with a failed test


class Answer:
    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.headers = response.headers
        self.body = response.read().decode(errors="replace")

    @property
    def cache(self) -> str:
        return self.headers.get("X-Cache-Status", "")


def fetch(address: str, path: str, method: str = "GET", headers: dict | None = None, body: str | None = None) -> Answer:
    connection = http.client.HTTPConnection(address, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Host": "localhost", **(headers or {})})
        return Answer(connection.getresponse())
    finally:
        connection.close()


def at_the_start_of_a_second() -> None:
    """Wait for the next whole second: copies live to the end of the second they were made in."""
    time.sleep(1.02 - time.time() % 1)


def test_a_public_page_is_served_from_nginx_on_the_second_request(nginx, hearing):
    at_the_start_of_a_second()
    first = fetch(nginx, "/sq/konsultimet/")
    again = fetch(nginx, "/sq/konsultimet/")
    assert first.status == again.status == 200
    assert first.cache == "MISS"
    assert again.cache == "HIT"
    assert again.body == first.body
    assert hearing.title in again.body
    assert "X-Accel-Expires" not in again.headers  # read by nginx, never passed on


def test_gzip_and_plain_copies_are_kept_apart(nginx, hearing):
    at_the_start_of_a_second()
    plain = fetch(nginx, "/sq/konsultimet/")
    zipped = fetch(nginx, "/sq/konsultimet/", headers={"Accept-Encoding": "gzip"})
    assert plain.headers.get("Content-Encoding") is None
    assert zipped.cache == "MISS"
    assert zipped.headers.get("Content-Encoding") == "gzip"
    assert fetch(nginx, "/sq/konsultimet/").cache == "HIT"
    assert fetch(nginx, "/sq/konsultimet/", headers={"Accept-Encoding": "gzip"}).cache == "HIT"


def test_an_edit_is_visible_through_nginx_within_one_second(nginx, hearing):
    at_the_start_of_a_second()
    assert hearing.title in fetch(nginx, "/sq/konsultimet/").body
    assert fetch(nginx, "/sq/konsultimet/").cache == "HIT"
    Hearing.objects.filter(pk=hearing.pk).update(title="Dëgjim për ndriçimin publik")
    hearing.refresh_from_db()
    hearing.save()  # through the model, so the portal's own page cache moves on too

    time.sleep(1.1)
    after = fetch(nginx, "/sq/konsultimet/")
    assert after.cache in ("EXPIRED", "MISS")
    assert "Dëgjim për ndriçimin publik" in after.body


def test_an_unchanged_page_is_revalidated_by_its_etag(nginx, hearing):
    first = fetch(nginx, "/sq/konsultimet/")
    assert first.headers["ETag"]
    time.sleep(1.1)
    again = fetch(nginx, "/sq/konsultimet/")
    assert again.cache == "REVALIDATED"
    assert again.body == first.body


def test_nginx_answers_a_client_s_if_none_match_from_its_copy(nginx, hearing):
    at_the_start_of_a_second()
    etag = fetch(nginx, "/sq/konsultimet/").headers["ETag"]
    answer = fetch(nginx, "/sq/konsultimet/", headers={"If-None-Match": etag})
    assert (answer.status, answer.cache) == (304, "HIT")


def _token(body: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


@pytest.mark.parametrize("page", ["/sq/abonohu/", "hearing"])
def test_a_page_with_a_csrf_token_is_never_stored(nginx, written, page):
    path = written.get_absolute_url() if page == "hearing" else page
    first = fetch(nginx, path)
    assert first.status == 200
    assert "csrfmiddlewaretoken" in first.body
    assert "private" in first.headers["Cache-Control"]
    again = fetch(nginx, path)
    assert again.cache == "MISS"
    assert _token(again.body) != _token(first.body)
    assert "csrftoken=" in again.headers["Set-Cookie"]


def test_a_response_that_sets_a_cookie_is_never_stored(nginx, hearing):
    # The language switcher's answer sets the language cookie: a redirect nginx never keeps.
    for _ in range(2):
        answer = fetch(nginx, "/i18n/setlang/?language=en&next=/en/", headers={})
    assert answer.cache != "HIT"


def test_requests_with_a_session_or_csrf_cookie_bypass_the_cache(nginx, hearing):
    at_the_start_of_a_second()
    fetch(nginx, "/sq/konsultimet/")
    assert fetch(nginx, "/sq/konsultimet/").cache == "HIT"
    for cookie in ("sessionid=abc", "csrftoken=abc", "messages=abc", "theme=dark; sessionid=abc"):
        answer = fetch(nginx, "/sq/konsultimet/", headers={"Cookie": cookie})
        assert answer.status == 200
        assert answer.cache == "BYPASS", cookie


def test_a_post_is_never_cached(nginx, written):
    path = written.get_absolute_url()
    for _ in range(2):
        answer = fetch(
            nginx, path, method="POST", body="x=1", headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert answer.status == 403  # no CSRF token: the portal itself answered, both times
        assert answer.cache in ("", "BYPASS")


@pytest.mark.parametrize("path", ["/sq/admin/login/", "/en/admin/login/", "/sq/stafi/pasqyra/", "/admin/"])
def test_admin_and_staff_pages_are_never_cached(nginx, path):
    for _ in range(2):
        answer = fetch(nginx, path)
        assert answer.cache == "BYPASS"
