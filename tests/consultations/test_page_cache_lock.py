"""Concurrent misses of one page: one request renders it, the others wait for its copy (pagecache's render lock).

Threads are not needed to test it: a request that finds the lock taken sleeps between looks
at the cache, and these tests give it a sleep that does what another request would do.
"""

import multiprocessing
import os
import signal
import time

import pytest
from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token

from web import pagecache
from web.pagecache import content_version, public_page

ADDRESS = "/sq/konsultimet/"


class Page:
    """A public page that counts how often it was rendered, and can check the lock while rendering."""

    def __init__(self, body=lambda request: HttpResponse(b"<p>faqja</p>")) -> None:
        self.body = body
        self.renders = 0
        self.lock_held_while_rendering: list[bool] = []

    def __call__(self, request):
        self.renders += 1
        self.lock_held_while_rendering.append(cache.get(lock_key(request)) is not None)
        return self.body(request)


def lock_key(request) -> str:
    return f"{pagecache._page_key(request, content_version())}:lock"


def never_sleep(seconds: float) -> None:
    raise AssertionError("the request waited")


@pytest.mark.django_db
def test_the_lock_is_held_while_the_page_renders_and_released_after(rf):
    page = Page()
    request = rf.get(ADDRESS)
    response = public_page(page)(request)
    assert response["X-Page-Cache"] == "miss"
    assert page.lock_held_while_rendering == [True]
    assert cache.get(lock_key(request)) is None


@pytest.mark.django_db
def test_a_page_that_fails_to_render_releases_the_lock(rf):
    def failing(request):
        raise RuntimeError("the template is broken")

    page = Page(failing)
    request = rf.get(ADDRESS)
    with pytest.raises(RuntimeError):
        public_page(page)(request)
    assert page.lock_held_while_rendering == [True]
    assert cache.get(lock_key(request)) is None


@pytest.mark.django_db
def test_a_request_that_finds_the_page_being_rendered_serves_that_copy(rf, monkeypatch):
    page = Page()
    view = public_page(page)
    request = rf.get(ADDRESS)
    cache.add(lock_key(request), "another request", timeout=60)

    def the_other_request_finishes(seconds: float) -> None:
        cache.delete(lock_key(request))
        view(rf.get(ADDRESS))  # renders and stores the page, as the lock's holder would

    monkeypatch.setattr(pagecache.time, "sleep", the_other_request_finishes)
    response = view(request)
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b"<p>faqja</p>"
    assert page.renders == 1


@pytest.mark.django_db
def test_a_request_that_waits_in_vain_renders_the_page_itself_and_leaves_the_lock_alone(rf, monkeypatch):
    page = Page()
    request = rf.get(ADDRESS)
    cache.add(lock_key(request), "another request", timeout=60)
    monkeypatch.setattr(pagecache, "_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(pagecache, "_POLL_SECONDS", 0.01)
    response = public_page(page)(request)
    assert response["X-Page-Cache"] == "miss"
    assert page.renders == 1
    assert cache.get(lock_key(request)) == "another request"


@pytest.mark.django_db
def test_a_streamed_page_holds_the_lock_until_it_is_sent(rf):
    page = Page(lambda request: StreamingHttpResponse(iter([b"a,b\n", b"1,2\n"]), content_type="text/csv"))
    request = rf.get(ADDRESS)
    response = public_page(page)(request)
    assert cache.get(lock_key(request)) is not None  # the body is rendered while it is sent
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"
    assert cache.get(lock_key(request)) is None
    assert public_page(page)(rf.get(ADDRESS))["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_streamed_page_closed_unread_releases_the_lock(rf):
    page = Page(lambda request: StreamingHttpResponse(iter([b"a,b\n"]), content_type="text/csv"))
    request = rf.get(ADDRESS)
    response = public_page(page)(request)
    response.close()  # the client went away before the first byte
    assert cache.get(lock_key(request)) is None


@pytest.mark.django_db
def test_a_streamed_page_the_client_already_has_releases_the_lock_at_once(rf):
    page = Page(lambda request: StreamingHttpResponse(iter([b"a,b\n"]), content_type="text/csv"))
    first = public_page(page)(rf.get(ADDRESS))
    b"".join(first.streaming_content)
    cache.delete(pagecache._page_key(rf.get(ADDRESS), content_version()))  # evicted; the client keeps its copy
    request = rf.get(ADDRESS, headers={"if-none-match": first["ETag"]})
    public_page(page)(request)  # ConditionalGetMiddleware turns it into a 304 and never reads the body
    assert cache.get(lock_key(request)) is None


@pytest.mark.django_db
def test_a_page_rendered_per_visitor_makes_no_one_wait(rf, monkeypatch):
    def with_a_form(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">'.encode())

    page = Page(with_a_form)
    view = public_page(page)
    assert view(rf.get(ADDRESS))["X-Page-Cache"] == "miss"
    request = rf.get(ADDRESS)
    cache.add(lock_key(request), "another visitor", timeout=60)
    monkeypatch.setattr(pagecache.time, "sleep", never_sleep)
    assert view(request)["X-Page-Cache"] == "miss"
    assert page.renders == 2


def _hold_the_lock_then_hang(lock_key_name: str, ready) -> None:
    """A renderer in another process: takes the page's lock, says so, and renders for ever."""
    lock = pagecache._RenderLock(lock_key_name)
    ready.send(lock.acquire())
    time.sleep(3600)


@pytest.mark.django_db
def test_a_renderer_killed_while_holding_the_lock_holds_no_one_back(rf, tmp_path, settings):
    # A cache the two processes share, as Redis is shared by gunicorn's workers.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    page = Page()
    request = rf.get(ADDRESS)
    key = pagecache._page_key(request, content_version())
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    renderer = context.Process(target=_hold_the_lock_then_hang, args=(key, theirs))
    renderer.start()
    assert ours.recv() is True
    os.kill(renderer.pid, signal.SIGKILL)
    renderer.join()
    assert cache.get(f"{key}:lock") is not None  # the dead process's lock is still there

    started = time.monotonic()
    response = public_page(page)(request)
    assert time.monotonic() - started < 3  # the wait for a live renderer is 10 s
    assert response["X-Page-Cache"] == "miss"
    assert page.renders == 1
    assert page.lock_held_while_rendering == [True]  # taken over: the next visitors wait for this copy
    assert cache.get(f"{key}:lock") is None
