"""The national view's own figures in the benchmark (issue 19 §4), with several municipalities generated.

The national page uncached: wall and CPU milliseconds of one request (median) and its queries, the
same for a national reader signed in (it adds the links to each municipality's compliance page);
the national report's PDF: seconds to render it, as the provisional PDF is rendered on a miss.
The cached pages' requests per second against the bare view are in the main table (scripts/benchmark.py).
"""

from __future__ import annotations

import statistics
import time

from benchmark_data import MAIN_HOST


def _timed(client, path: str, repeat: int, budget: float, before=lambda: None) -> tuple[float, float, int]:
    """Median wall and CPU ms of up to `repeat` requests (fewer once they took `budget` s), and the queries of one;
    `before` runs ahead of each request, outside the time (an edit, an emptied cache)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(path).status_code == 200  # warm-up: templates, catalogues
    before()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    queries = len(captured)  # now: the next request clears the connection's query log
    walls: list[float] = []
    cpus: list[float] = []
    while len(walls) < repeat and sum(walls) < budget * 1000:
        before()
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(path)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus), queries


def measure_national(data: dict, repeat: int, budget: float) -> None:
    """Print the national page's uncached time and queries (anonymous and a reader) and the PDF's render time."""
    if data["municipalities"] < 2:
        return
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.test import Client, override_settings
    from django.utils import translation

    from municipalities import roles
    from national.documents import national_report_pdf
    from national.figures import build_national_figures
    from web.pagecache import bump_content_version

    year = data["year"]
    path = f"/sq/kombetare/{year}/"
    reader = Group.objects.get(name=roles.NATIONAL_READER).user_set.model.objects.create_user(
        "benchmark-reader", is_staff=True
    )
    reader.groups.add(Group.objects.get(name=roles.NATIONAL_READER))
    print(f"\nNational view, {data['municipalities']} municipalities, {data['count']} hearings, year {year}:")
    with override_settings(PAGE_CACHE_SECONDS=0):
        anonymous = Client(HTTP_HOST=MAIN_HOST, HTTP_ACCEPT_ENCODING="identity")
        wall, cpu, queries = _timed(anonymous, path, repeat, budget)
        print(
            f"  national page {path} uncached, municipalities' inputs cached: {wall:.0f} ms wall, {cpu:.0f} ms CPU "
            f"(median), {queries} queries"
        )
        edit = lambda: bump_content_version({"komuna-02"})  # noqa: E731 - as saving a row of komuna-02 does
        wall, cpu, _queries = _timed(anonymous, path, repeat, budget, before=edit)
        print(
            f"  the same after an edit in one municipality (it alone read again): {wall:.0f} ms wall, {cpu:.0f} ms CPU"
        )
        wall, cpu, _queries = _timed(anonymous, path, repeat, budget, before=cache.clear)
        print(
            f"  the same with the cache emptied (every municipality read, as the job warm_national_view does): "
            f"{wall:.0f} ms wall, {cpu:.0f} ms CPU"
        )
        signed_in = Client(HTTP_HOST=MAIN_HOST, HTTP_ACCEPT_ENCODING="identity")
        signed_in.force_login(reader)
        wall, cpu, queries = _timed(signed_in, path, repeat, budget)
        print(f"  the same for a national reader (with the compliance links): {wall:.0f} ms wall, {queries} queries")
    started = time.perf_counter()
    figures = build_national_figures(year)
    built = time.perf_counter() - started
    with translation.override("sq"):
        content = national_report_pdf(figures)
    rendered = time.perf_counter() - started
    print(
        f"  national report PDF ({len(content) / 1024:.0f} KB): figures {built:.2f} s, "
        f"figures and PDF {rendered:.1f} s (issue 19 expects under 10 s)"
    )
