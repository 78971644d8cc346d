"""The benchmark's yardstick, /bare/, costs no database work: no transaction, no query once warm."""

from pathlib import Path

import pytest
from django.core.handlers.base import BaseHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, resolve

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.fixture
def benchmark_urls(settings, monkeypatch):
    """The benchmark's settings: the production ones with benchmark_site's URLs."""
    monkeypatch.syspath_prepend(str(SCRIPTS))
    settings.ROOT_URLCONF = "benchmark_site.urls"
    clear_url_caches()
    yield
    clear_url_caches()


def test_the_bare_view_is_not_wrapped_in_the_request_transaction(benchmark_urls):
    assert connection.settings_dict["ATOMIC_REQUESTS"]
    view = resolve("/bare/").func
    assert BaseHandler().make_view_atomic(view) is view


@pytest.mark.django_db(transaction=True)
def test_the_bare_view_queries_nothing_when_the_cache_is_warm(benchmark_urls, client, municipality):
    assert client.get("/bare/").status_code == 200  # fills the municipality's cache entry, as the benchmark's warm-up
    assert not connection.in_atomic_block
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bare/")
    assert response.status_code == 200
    assert b"Istog Consult" in response.content
    assert [query["sql"] for query in queries] == []


@pytest.mark.django_db(transaction=True)
def test_with_the_page_cache_off_the_bare_view_reads_only_the_municipality_outside_a_transaction(
    benchmark_urls, settings, client, municipality
):
    settings.PAGE_CACHE_SECONDS = 0  # the benchmark's cold phase
    client.get("/bare/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/bare/").status_code == 200
    statements = [query["sql"] for query in queries]
    assert len(statements) == 1
    assert '_municipality"' in statements[0]
    assert not any(sql.upper().startswith(("BEGIN", "SAVEPOINT", "COMMIT")) for sql in statements)
