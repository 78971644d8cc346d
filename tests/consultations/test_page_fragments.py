"""Pieces of public pages kept in the cache: a list row or the filter form is rendered once per
content version and language, and a page the page cache missed is built from them."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from consultations.models import Hearing
from tests.factories import HearingFactory
from web import pagecache
from web.pagecache import bump_content_version, cached_fragments

LIST = "/sq/konsultimet/"


class Renders:
    """A render function that counts what it was asked to render."""

    def __init__(self) -> None:
        self.done: list[str] = []

    def __call__(self, item: str) -> str:
        self.done.append(item)
        return f"<li>{item}</li>"


class RecordingCache:
    """The real cache, with the timeouts fragments were stored for written down."""

    def __init__(self) -> None:
        self.timeouts: list[int] = []

    def __getattr__(self, name: str):
        return getattr(cache, name)

    def set_many(self, data: dict, timeout: int) -> list:
        self.timeouts.append(timeout)
        return cache.set_many(data, timeout)


def fragments(items: list[str], render: Renders) -> list[str]:
    return cached_fragments("test", items, part=lambda item: item, render=render)


@pytest.mark.django_db
def test_a_fragment_is_rendered_once_per_content_version_and_language(hearing):
    render = Renders()
    assert fragments(["a", "b"], render) == ["<li>a</li>", "<li>b</li>"]
    assert fragments(["b", "c", "a"], render) == ["<li>b</li>", "<li>c</li>", "<li>a</li>"]
    assert render.done == ["a", "b", "c"]

    with translation.override("en"):
        fragments(["a"], render)
    assert render.done == ["a", "b", "c", "a"]

    bump_content_version({hearing.plan.municipality.slug})
    fragments(["a", "b"], render)
    assert render.done == ["a", "b", "c", "a", "a", "b"]


@pytest.mark.django_db
def test_with_the_page_cache_off_fragments_are_rendered_every_time(settings, hearing):
    settings.PAGE_CACHE_SECONDS = 0
    render = Renders()
    fragments(["a"], render)
    fragments(["a"], render)
    assert render.done == ["a", "a"]


@pytest.mark.django_db
def test_a_cache_that_does_not_answer_only_means_rendering(settings, hearing):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    render = Renders()
    assert fragments(["a", "b"], render) == ["<li>a</li>", "<li>b</li>"]


@pytest.mark.django_db
def test_a_row_is_kept_only_until_the_next_consultation_starts_or_ends(monkeypatch, hearing):
    now = timezone.now()
    HearingFactory(
        plan=hearing.plan,
        status=Hearing.Status.PLANNED,
        starts_at=now + datetime.timedelta(minutes=10),
        women=None,
        men=None,
    )
    recording = RecordingCache()
    monkeypatch.setattr(pagecache, "cache", recording)
    fragments(["a"], Renders())
    (timeout,) = recording.timeouts
    assert 9 * 60 <= timeout <= 10 * 60


@pytest.mark.django_db
def test_a_list_built_from_cached_rows_and_form_is_the_one_rendered_whole(settings, client, plan):
    HearingFactory(plan=plan, title_sq="Dëgjim për ujësjellësin", title_en="")
    HearingFactory(plan=plan, title_sq="Dëgjim për rrugët", title_en="Hearing on the roads")
    settings.PAGE_CACHE_SECONDS = 0
    whole = [client.get(address).content for address in ("/en/konsultimet/", "/en/konsultimet/?year=2025")]
    settings.PAGE_CACHE_SECONDS = 3600
    client.get("/en/konsultimet/?page=1")  # a page of its own: renders the rows and the form, keeps them
    client.get("/en/konsultimet/?year=2025&page=1")
    for address, expected in zip(("/en/konsultimet/", "/en/konsultimet/?year=2025"), whole, strict=True):
        response = client.get(address)
        assert response["X-Page-Cache"] == "miss"  # the page itself is new to the page cache
        assert response.content == expected


@pytest.mark.django_db
def test_an_edited_title_shows_in_a_list_page_not_seen_before(client, hearing):
    client.get(LIST)  # the row and the form are now kept
    hearing.title_sq = "Dëgjim për ndriçimin publik"
    hearing.save()
    response = client.get(LIST, {"year": hearing.plan.year})
    assert response["X-Page-Cache"] == "miss"
    assert "Dëgjim për ndriçimin publik" in response.content.decode()


@pytest.mark.django_db
def test_the_kept_filter_form_shows_each_request_its_own_values(client, hearing):
    client.get(LIST, {"method": "hearing", "q": "None"})
    html = client.get(LIST, {"method": "online", "page": "2"}).content.decode()
    assert '<option value="online" selected>' in html
    assert '<option value="hearing" selected>' not in html
    assert 'value="None"' not in html
