"""Measure the public pages under gunicorn against a bare view, cold and warm, then a load scenario.

    .venv/bin/python scripts/benchmark.py [--hearings 1000] [--duration 4] [--rounds 2] [--load] \
        [--load-clients 50] [--load-duration 15]

It builds a throwaway database (a SQLite file in a temporary folder; with DATABASE_URL set to
PostgreSQL, the database <name>_benchmark, created and dropped by this script), generates the
hearings with bulk_create, and starts gunicorn with the production settings and the
repository's gunicorn.conf.py on 127.0.0.1 (ports 8110-8119). The settings module is
scripts/benchmark_site/settings.py: the production settings plus /bare/, a view that renders
a tiny template, never part of the portal's own URLs.

For each page it prints, measured in one run and interleaved with the bare view (wrk, bounded
in time): requests per second with the page cache off ("cold") and on ("warm"), each as a
ratio to the bare view measured in the same phase; the database queries of one request cold
and warm, the CPU milliseconds of one request rendered whole (page cache off) and of one the
page cache missed while the fragments it shares with other pages are kept, and the response
size. With --load it then runs scripts/loadtest.py against the warm server and compares the
posts the server accepted with the rows stored. A measurement, never a test: it fails on no number.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
sys.path[:0] = [str(ROOT), str(SCRIPTS)]
PORTS = {"cold": 8110, "warm": 8111}

from benchmark_data import Page, generate, pages  # noqa: E402 - after sys.path
from benchmark_data import model as _model  # noqa: E402
from benchmark_national import measure_national  # noqa: E402
from benchmark_server import WRK, fill_caches, gunicorn, settle, worker_memory_mb, wrk  # noqa: E402

__all__ = ["configure", "create_database", "drop_database", "generate"]  # scripts/nginx_microcache.py uses them


def configure(workdir: Path, options) -> dict[str, str]:
    """The environment of the servers and of this process: production settings, a database of our own."""
    env = {
        "DJANGO_SETTINGS_MODULE": "benchmark_site.settings",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-any-real-installation",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        # 127.0.0.1: the only municipality, or the main domain of several, each at <slug>.localhost.
        "ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost,testserver",
        # Publishing refuses without a configured public address; the measured report links here.
        "SITE_URL": "http://127.0.0.1:8000",
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_GRACEFUL_TIMEOUT": "3",
        # The load clients each send their own X-Forwarded-For address, as if behind nginx; the
        # per-address comment limit (10 an hour) is raised so the scenario measures the server.
        "TRUSTED_PROXY_COUNT": "1",
        "COMMENT_RATE_LIMIT": "100000",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(SCRIPTS)]),
    }
    if options.cache_url:
        env["CACHE_URL"] = options.cache_url
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        base, _, name = url.rpartition("/")
        env["DATABASE_URL"] = f"{base}/{name}_benchmark"
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'benchmark.sqlite3'}"
    os.environ.update(env)
    return env


def create_database(env: dict[str, str]) -> str:
    """Create (PostgreSQL: drop and create <name>_benchmark), migrate, collect static files."""
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        import psycopg2

        base, _, name = url.rpartition("/")
        admin = psycopg2.connect(f"{base}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("compilemessages", verbosity=0, ignore_patterns=[".venv", "node_modules"])
    return url.split("@")[-1]


def drop_database(env: dict[str, str]) -> None:
    url = env["DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    import psycopg2
    from django.db import connections

    connections.close_all()
    base, _, name = url.rpartition("/")
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def in_process(page: Page, repeat: int, budget: float) -> dict:
    """Queries cold and warm, CPU ms of an uncached request (median), response size, in this process."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    path = page.path
    client = Client(HTTP_ACCEPT_ENCODING="identity", **({"HTTP_HOST": page.host} if page.host else {}))

    def body(response) -> bytes:
        return b"".join(response.streaming_content) if response.streaming else response.content

    def timed(address: Callable[[int], str]) -> float:
        """Median CPU ms of up to `repeat` requests, fewer once they have taken `budget` seconds."""
        timings: list[float] = []
        while len(timings) < repeat and sum(timings) < budget * 1000:
            started = time.process_time()
            body(client.get(address(len(timings))))
            timings.append((time.process_time() - started) * 1000)
        return statistics.median(timings)

    with override_settings(PAGE_CACHE_SECONDS=0):
        body(client.get(path))  # warm-up: templates, translation catalogues
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path)
            size = len(body(response))
        cold_queries = len(cold)  # now: the next request clears the connection's query log
        cpu_ms = timed(lambda _number: path)
    cache.clear()
    body(client.get(path))
    with CaptureQueriesContext(connection) as warm:
        body(client.get(path))
    # A page the page cache has not seen (another filter or page number, here an unknown parameter)
    # while the fragments it shares with the page above (list rows, the filter form) are kept.
    separator = "&" if "?" in path else "?"
    miss_cpu_ms = timed(lambda number: f"{path}{separator}benchmark-miss={number}")
    return {
        "status": response.status_code,
        "cold_queries": cold_queries,
        "warm_queries": len(warm),
        "cpu_ms": cpu_ms,
        "miss_cpu_ms": miss_cpu_ms,
        "size": size,
    }


def throughput(master, port: int, measured: list[Page], options, page_cache: bool) -> dict[str, float]:
    """Median requests per second of each page over the rounds, pages interleaved with the bare view."""
    measured = [page for page in measured if page.name not in options.skip]
    results: dict[str, list[float]] = {page.name: [] for page in measured}
    # Not counted: every worker's first requests load templates and catalogues (and, warm, fill the cache).
    for page in measured:
        wrk(f"http://127.0.0.1:{port}{page.path}", 1, options.connections, page.host)
        if page_cache and page.name != "bare view":
            fill_caches(f"http://127.0.0.1:{port}{page.path}", options.connections, host=page.host)
        settle(master)
    for _round in range(options.rounds):
        for page in measured:
            url = f"http://127.0.0.1:{port}{page.path}"
            results[page.name].append(wrk(url, options.duration, options.connections, page.host))
            settle(master)
    return {name: statistics.median(values) for name, values in results.items()}


def load_scenario(env: dict[str, str], data: dict, options) -> None:
    """50 clients reading, downloading and posting against a warm server; accepted posts against rows."""
    import loadtest

    from municipalities.scoping import every_municipality

    comment, subscriber = _model("Comment"), _model("Subscriber")

    def counts() -> dict[str, int]:
        with every_municipality("the benchmark counts the rows the load stored"):
            return {"comments": comment.objects.count(), "subscribers": subscriber.objects.count()}

    before = counts()
    year = data["year"]
    arguments = loadtest.parser().parse_args(
        [
            "--url",
            f"http://127.0.0.1:{PORTS['warm'] + 2}",
            "--clients",
            str(options.load_clients),
            "--duration",
            str(options.load_duration),
            "--hearing",
            data["written"].get_absolute_url(),
        ]
    )
    arguments.read = [page.path for page in pages(data) if page.name not in ("bare view", "report PDF")]
    arguments.pdf = [f"/sq/raportet/{year}/pdf/", f"/en/raportet/{year}/pdf/"]
    with gunicorn(env, PORTS["warm"] + 2, page_cache=True) as master:
        result = loadtest.run(arguments)
        memory = worker_memory_mb(master)
    after = counts()
    stored = {name: after[name] - before[name] for name in before}
    print(f"\nLoad: {options.load_clients} clients for {options.load_duration:g} s")
    print(loadtest.report(result, stored))
    print(f"worker memory after the load (MB): {', '.join(f'{size:.0f}' for size in memory)}")


def measure_published_pdf(year: int, repeat: int, budget: float, workdir: Path, host: str = "") -> None:
    """Serving a published (stored, checksum-verified) PDF against rendering one (in the worker); prints the ratio.

    Issue 8 expects serving to be at least 20 times faster. Kept apart from the page table so
    either can change without touching the other. Run it last: publishing freezes the year.
    """
    from django.test import Client, override_settings
    from django.utils import translation

    from reports.pdf import annual_report_pdf
    from reports.publishing import publish
    from reports.summary import build_annual_summary

    def median_ms(path: str) -> float:
        client = Client(HTTP_ACCEPT_ENCODING="identity", **({"HTTP_HOST": host} if host else {}))
        client.get(path)  # warm-up
        timings: list[float] = []
        while len(timings) < repeat and sum(timings) < budget * 1000:
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        return statistics.median(timings)

    path = f"/sq/raportet/{year}/pdf/"
    with override_settings(MEDIA_ROOT=workdir / "media", PAGE_CACHE_SECONDS=0):
        started = time.perf_counter()
        with translation.override("sq"):  # what the worker's task does for each language
            annual_report_pdf(build_annual_summary(year, None, published_only=True))
        rendered = (time.perf_counter() - started) * 1000
        publish(year, allow_incomplete_year=True, municipality=None)
        served = median_ms(path)  # now the stored bytes of version 1, checked against their SHA-256
    print(f"\nReport PDF {path}: rendered {rendered:.1f} ms, published and served {served:.1f} ms (median)")
    print(f"Serving a published PDF is {rendered / served:.0f}x faster than rendering it (issue 8 expects >= 20x).")


def main() -> None:
    """Generate the data, measure in process and under gunicorn, print the table, optionally the load."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--hearings", type=int, default=1000, help="Hearings to generate per municipality (default 1000)."
    )
    parser.add_argument(
        "--municipalities",
        type=int,
        default=1,
        help="Municipalities (default 1); with several, each at <slug>.localhost, the national view on 127.0.0.1.",
    )
    parser.add_argument("--duration", type=float, default=3, help="Seconds of wrk per page and round (default 3).")
    parser.add_argument("--rounds", type=int, default=2, help="Interleaved rounds over all pages (default 2).")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections (default 8).")
    parser.add_argument("--repeat", type=int, default=5, help="Uncached requests timed in process (default 5).")
    parser.add_argument(
        "--budget", type=float, default=5, help="Seconds of timed requests per page at most (default 5)."
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="PAGE",
        help='Leave a page out of the wrk phases, by name (e.g. --skip "report PDF"); repeatable.',
    )
    parser.add_argument("--cache-url", default="", help="CACHE_URL for the servers (default: local memory).")
    parser.add_argument("--load", action="store_true", help="Run the load scenario after the table.")
    parser.add_argument("--load-clients", type=int, default=50)
    parser.add_argument("--load-duration", type=float, default=15, help="Seconds of load (default 15; issue: 60).")
    parser.add_argument("--skip-throughput", action="store_true", help="Only the in-process figures (and --load).")
    options = parser.parse_args()
    if not Path(WRK).exists() and not options.skip_throughput:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    if options.load and options.municipalities > 1:
        raise SystemExit("The load scenario asks 127.0.0.1, one municipality's portal: run it with --municipalities 1.")

    with tempfile.TemporaryDirectory(prefix="istog-benchmark-") as folder:
        workdir = Path(folder)
        env = configure(workdir, options)
        database = create_database(env)
        try:
            started = time.perf_counter()
            data = generate(options.hearings, options.municipalities)
            from django.conf import settings

            workers = os.environ.get("GUNICORN_WORKERS") or str(2 * os.cpu_count() + 1)
            print(f"Database: {database}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
            print(
                f"{data['municipalities']} municipalities, {data['count']} hearings generated in "
                f"{time.perf_counter() - started:.1f} s (pages of the first, Istog: {data['measured_count']}); "
                f"gunicorn.conf.py: {workers} workers x {os.environ.get('GUNICORN_THREADS', '4')} threads "
                f"on {os.cpu_count()} CPUs; wrk {options.duration:g} s x {options.rounds} rounds, "
                f"{options.connections} connections.\n"
            )
            measured = pages(data)
            figures = {page.name: in_process(page, options.repeat, options.budget) for page in measured}
            rates = {"cold": {}, "warm": {}}
            if not options.skip_throughput:
                for phase in ("cold", "warm"):
                    with gunicorn(env, PORTS[phase], page_cache=phase == "warm") as master:
                        rates[phase] = throughput(master, PORTS[phase], measured, options, page_cache=phase == "warm")
            header = (
                f"{'page':<20} {'status':>6} {'cold req/s':>10} {'x bare':>7} {'warm req/s':>10} {'x bare':>7} "
                f"{'queries':>8} {'hit q.':>6} {'CPU ms':>7} {'miss ms':>7} {'size KB':>8}"
            )
            print(header)
            print("-" * len(header))
            for name in (page.name for page in measured):
                row = figures[name]
                cells = []
                for phase in ("cold", "warm"):
                    rate = rates[phase].get(name)
                    bare = rates[phase].get("bare view") or 0
                    cells.append(f"{rate:>10.0f} {rate / bare:>7.2f}" if rate and bare else f"{'-':>10} {'-':>7}")
                print(
                    f"{name:<20} {row['status']:>6} {cells[0]} {cells[1]} {row['cold_queries']:>8} "
                    f"{row['warm_queries']:>6} {row['cpu_ms']:>7.1f} {row['miss_cpu_ms']:>7.1f} "
                    f"{row['size'] / 1024:>8.1f}"
                )
            print(
                "\nCPU ms: one request rendered whole (page cache off); miss ms: one request the page cache "
                "missed, with the fragments it shares with other pages kept (list rows, the filter form)."
            )
            print("\npaths: " + "; ".join(f"{page.name}: {page.host}{page.path}" for page in measured))
            measure_national(data, options.repeat, options.budget)
            from municipalities.scoping import every_municipality

            with every_municipality("the benchmark publishes Istog's report, as the operator's command would"):
                measure_published_pdf(data["year"], options.repeat, options.budget, workdir, data["host"])
            if options.load:
                load_scenario(env, data, options)
        finally:
            drop_database(env)


if __name__ == "__main__":
    main()
