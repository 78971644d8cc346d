"""A cache server that is down or silent: pages are served uncached, forms work, nothing hangs.

The faults are real: a Redis client pointed at a closed port (the connection is refused), and at
a TCP server on loopback that accepts connections and never answers (the client's read times out).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from notifications.models import Subscriber
from participation.models import Comment
from reports.provisional import render_provisional_report
from tests import factories
from web import cache as fault_tolerant
from web.cache import cache_settings

pytestmark = pytest.mark.django_db

CLOSED_PORT = 20101
# A page may wait one bounded timeout (0.3 s) for the silent server, never the seconds a hang would take.
SECONDS_PER_REQUEST = 5


@contextlib.contextmanager
def silent_server():
    """A TCP server on loopback that accepts every connection and never sends a byte; yields its port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


@contextlib.contextmanager
def cache_at(port: int):
    """The settings' cache for CACHE_URL=redis://127.0.0.1:<port>/0, as production would build it."""
    config = cache_settings(
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}, 0.3
    )
    fault_tolerant.FaultTolerantCache._broken_until.clear()
    try:
        with override_settings(CACHES={"default": config}):
            yield
    finally:
        fault_tolerant.FaultTolerantCache._broken_until.clear()


@contextlib.contextmanager
def closed_port():
    probe = socket.socket()
    try:
        probe.connect_ex(("127.0.0.1", CLOSED_PORT)) == 0 and pytest.skip(f"port {CLOSED_PORT} is in use")
    finally:
        probe.close()
    yield CLOSED_PORT


FAULTS = {"closed-port": closed_port, "silent-server": silent_server}


@pytest.fixture(params=list(FAULTS))
def broken_cache(request):
    with FAULTS[request.param]() as port, cache_at(port):
        yield request.param


def timed(call):
    started = time.monotonic()
    response = call()
    assert time.monotonic() - started < SECONDS_PER_REQUEST
    return response


@pytest.fixture
def year_with_hearings(db):
    plan = factories.PlanFactory()
    factories.HearingFactory(plan=plan, women=12, men=31)
    return plan


def test_the_public_pages_are_served_uncached(broken_cache, year_with_hearings):
    render_provisional_report.call(year_with_hearings.municipality_id, year_with_hearings.year)  # the worker's copy
    client = Client()
    hearing = year_with_hearings.hearings.get()
    year = year_with_hearings.year
    for path in [
        "/sq/",
        "/sq/konsultimet/",
        f"/sq/konsultimet/{hearing.pk}/",
        "/konsultimet.ics",
        f"/sq/raportet/{year}/",
        f"/sq/raportet/{year}/pdf/",
    ]:
        for _ in range(2):  # the second time too: nothing was kept, nothing is waited for
            response = timed(lambda path=path: client.get(path))
            assert response.status_code == 200, path
            assert response.get("X-Page-Cache") != "hit", path


def test_a_comment_is_stored(broken_cache, written):
    client = Client()
    url = reverse("participation:comment-submit", kwargs={"pk": written.pk})
    response = timed(lambda: client.post(url, factories.comment_post_data(written)))
    assert response.status_code == 302
    assert Comment.objects.get().body == "Rruga e shkollës ka nevojë për trotuar."
    # Sent again (a second click): still one comment, the duplicate rule reads the database.
    assert timed(lambda: client.post(url, factories.comment_post_data(written))).status_code == 302
    assert Comment.objects.count() == 1


def test_a_subscription_is_stored(broken_cache, municipality, django_capture_on_commit_callbacks):
    with translation.override("sq"):
        url = reverse("participation:subscribe")
    with django_capture_on_commit_callbacks(execute=True):
        response = timed(lambda: Client().post(url, factories.subscribe_post_data("qytetari@example.org")))
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="qytetari@example.org").exists()


def test_a_password_reset_is_sent(broken_cache, mailoutbox, django_capture_on_commit_callbacks):
    factories.data_entry_user(username="hyrja", email="hyrja@example.org")
    with translation.override("sq"):
        url = reverse("admin_password_reset")
    with django_capture_on_commit_callbacks(execute=True):
        response = timed(lambda: Client().post(url, {"email": "hyrja@example.org"}))
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [["hyrja@example.org"]]


def test_a_silent_cache_costs_one_timeout_then_is_skipped(year_with_hearings):
    with silent_server() as port, cache_at(port):
        started = time.monotonic()
        assert cache.get("any") is None
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(50):
            assert cache.get("any") is None
            cache.set("any", 1)
            assert cache.add("any", 1) is True
        rest = time.monotonic() - started
    assert first < SECONDS_PER_REQUEST
    assert rest < 1  # 150 calls at 0.3 s each would take 45 s


def test_the_cache_is_used_again_once_it_answers(settings):
    with closed_port() as port, cache_at(port):
        assert cache.add("key", 1) is True  # refused: taken as "alone"
        assert cache.get("key") is None
    # The guard around a working backend passes everything through.
    config = cache_settings({"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}, 0.3)
    with override_settings(CACHES={"default": config}):
        cache.set("key", 1)
        assert cache.get("key") == 1
        assert cache.add("key", 2) is False
        assert cache.incr("key") == 2
        with pytest.raises(ValueError):
            cache.incr("missing")


def test_a_redis_that_answers_is_used_through_the_guard():
    probe = socket.socket()
    try:
        if probe.connect_ex(("127.0.0.1", 6379)) != 0:
            pytest.skip("no Redis server on 127.0.0.1:6379")
    finally:
        probe.close()
    config = cache_settings(
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/1"}, 0.3
    )
    with override_settings(CACHES={"default": config}):
        cache.delete("guarded")
        assert cache.add("guarded", 1, timeout=30) is True
        assert cache.add("guarded", 2, timeout=30) is False
        assert cache.incr("guarded") == 2
        assert cache.get_many(["guarded", "absent"]) == {"guarded": 2}
        cache.delete("guarded")
        assert cache.get("guarded") is None
