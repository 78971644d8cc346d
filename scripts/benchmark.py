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
import datetime
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

from benchmark_server import WRK, fill_caches, gunicorn, settle, worker_memory_mb, wrk  # noqa: E402 - after sys.path


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
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
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


def _model(name: str):
    """A model by class name, wherever the layout of the apps puts it (CitizenRequest moves to register)."""
    from django.apps import apps

    return next(model for model in apps.get_models() if model.__name__ == name)


def generate(hearing_count: int) -> dict:
    """One municipality, a published plan for each of three years, hearings spread over them, requests."""
    import random

    from django.utils import timezone

    from consultations.models import AnnouncementChannel, ConsultationPlan, Directorate, Hearing, Place
    from municipalities.models import Municipality

    citizen_request = _model("CitizenRequest")
    rng = random.Random(2025)  # noqa: S311 - made-up data, not secrets
    this_year = timezone.localdate().year
    years = (this_year - 2, this_year - 1, this_year)
    municipality = Municipality.objects.create(name="Komuna e Istogut", slug="istog", name_sr_latn="Opština Istok")
    directorates = Directorate.objects.bulk_create(
        Directorate(municipality=municipality, name=f"Drejtoria {n}") for n in range(6)
    )
    places = Place.objects.bulk_create(
        Place(municipality=municipality, name=f"Bashkësia lokale {n}", kind=Place.Kind.LOCAL_COMMUNITY)
        for n in range(30)
    )
    plans = {
        year: ConsultationPlan.objects.create(
            municipality=municipality,
            year=year,
            start_date=datetime.date(year, 1, 1),
            end_date=datetime.date(year, 12, 31),
            responsible_officer_name="Zyrtari Përgjegjës",
            status=ConsultationPlan.Status.PUBLISHED,
        )
        for year in years
    }
    now = timezone.now()
    statuses = [Hearing.Status.HELD] * 8 + [Hearing.Status.PLANNED, Hearing.Status.CANCELLED]
    hearings = []
    for n in range(hearing_count):
        year = years[n % len(years)]
        status = rng.choice(statuses)
        method = rng.choice([Hearing.Method.HEARING, Hearing.Method.CITIZENS, Hearing.Method.ONLINE])
        starts = timezone.make_aware(datetime.datetime(year, 1, 1, 10)) + datetime.timedelta(days=rng.randrange(360))
        held = status == Hearing.Status.HELD
        hearings.append(
            Hearing(
                plan=plans[year],
                title=f"Dëgjim publik {n}",
                title_sq=f"Dëgjim publik {n}",
                title_sr_latn=f"Javna rasprava {n}",
                topic_sq="Buxheti komunal",
                topic_sr_latn="Opštinski budžet",
                search_text_sq=f"degjim publik {n} buxheti komunal",
                slug=f"degjim-publik-{n}",
                directorate=rng.choice(directorates),
                method=method,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                place=None if method == Hearing.Method.ONLINE else rng.choice(places),
                status=status,
                women=rng.randrange(12) if held else None,
                men=rng.randrange(40) if held else None,
                is_published=True,
                published_at=now,
            )
        )
    hearings = Hearing.objects.bulk_create(hearings, batch_size=500)
    # The consultation the load scenario comments on: written and open now.
    written = Hearing.objects.create(
        plan=plans[this_year],
        title="Konsultim me shkrim për buxhetin",
        title_sr_latn="Pismena konsultacija o budžetu",
        topic="Buxheti komunal",
        topic_sr_latn="Opštinski budžet",
        method=Hearing.Method.WRITTEN,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=20),
        status=Hearing.Status.PLANNED,
        is_published=True,
    )
    channels = list(AnnouncementChannel.objects.all())
    through = Hearing.announced_via.through
    through.objects.bulk_create(
        (
            through(hearing_id=hearing.pk, announcementchannel_id=channel.pk)
            for hearing in hearings
            for channel in rng.sample(channels, rng.randrange(1, 4))
        ),
        batch_size=1000,
    )
    requests = [
        citizen_request(
            hearing=hearing,
            municipality=municipality,
            received_on=timezone.localdate(hearing.starts_at),
            topic="Ndriçimi publik",
            text="Kërkojmë ndriçim në rrugën kryesore.",
            status=citizen_request.Status.ANSWERED,
            answered_via=citizen_request.AnswerChannel.ON_THE_SPOT,
            answered_on=timezone.localdate(hearing.starts_at),
            answer="Përgjigja e komunës.",
        )
        for hearing in hearings[: hearing_count // 2]
    ]
    citizen_request.objects.bulk_create(requests, batch_size=500)
    sample = hearings[0]
    # The provisional report PDF is rendered by the task worker, never in a request: its copy, as the worker makes it.
    from reports.provisional import render_provisional_report

    render_provisional_report.call(municipality.pk, years[1])
    return {"year": years[1], "hearing": sample, "written": written, "count": Hearing.objects.count()}


def pages(data: dict) -> list[tuple[str, str]]:
    """The pages measured, with their addresses in the generated data."""
    from consultations.models import Hearing

    year, hearing = data["year"], data["hearing"]
    last_page = (Hearing.objects.count() + 19) // 20
    return [
        ("bare view", "/bare/"),
        ("home", "/sq/"),
        ("list", "/sq/konsultimet/"),
        ("list, deepest page", f"/sq/konsultimet/?page={last_page}"),
        ("list, filtered", f"/sq/konsultimet/?year={year}&method=hearing"),
        ("hearing page", f"/sq/konsultimet/{hearing.pk}/{hearing.slug}/"),
        ("plan page", f"/sq/plani/{year}/"),
        ("report index", "/sq/raportet/"),
        ("report page", f"/sq/raportet/{year}/"),
        ("report PDF", f"/sq/raportet/{year}/pdf/"),
        ("calendar", "/konsultimet.ics"),
        ("year calendar", f"/konsultimet-{year}.ics"),
        ("CSV of a year", f"/opendata/hearings-{year}.csv"),
        ("JSON of a year", f"/opendata/hearings-{year}.json"),
        ("data package of a year", f"/opendata/datapackage-{year}.json"),
        ("open data catalogue", "/opendata/catalog.jsonld"),
        ("RSS feed", "/sq/feeds/rss/"),
        ("open data page", "/sq/opendata/"),
    ]


def in_process(path: str, repeat: int, budget: float) -> dict:
    """Queries cold and warm, CPU ms of an uncached request (median), response size, in this process."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_ENCODING="identity")

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


def throughput(master, port: int, measured: list[tuple[str, str]], options, page_cache: bool) -> dict[str, float]:
    """Median requests per second of each page over the rounds, pages interleaved with the bare view."""
    measured = [(name, path) for name, path in measured if name not in options.skip]
    results: dict[str, list[float]] = {name: [] for name, _path in measured}
    # Not counted: every worker's first requests load templates and catalogues (and, warm, fill the cache).
    for name, path in measured:
        wrk(f"http://127.0.0.1:{port}{path}", 1, options.connections)
        if page_cache and name != "bare view":
            fill_caches(f"http://127.0.0.1:{port}{path}", options.connections)
        settle(master)
    for _round in range(options.rounds):
        for name, path in measured:
            results[name].append(wrk(f"http://127.0.0.1:{port}{path}", options.duration, options.connections))
            settle(master)
    return {name: statistics.median(values) for name, values in results.items()}


def load_scenario(env: dict[str, str], data: dict, options) -> None:
    """50 clients reading, downloading and posting against a warm server; accepted posts against rows."""
    import loadtest

    comment, subscriber = _model("Comment"), _model("Subscriber")
    before = {"comments": comment.objects.count(), "subscribers": subscriber.objects.count()}
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
    arguments.read = [path for name, path in pages(data) if name not in ("bare view", "report PDF")]
    arguments.pdf = [f"/sq/raportet/{year}/pdf/", f"/en/raportet/{year}/pdf/"]
    with gunicorn(env, PORTS["warm"] + 2, page_cache=True) as master:
        result = loadtest.run(arguments)
        memory = worker_memory_mb(master)
    stored = {
        "comments": comment.objects.count() - before["comments"],
        "subscribers": subscriber.objects.count() - before["subscribers"],
    }
    print(f"\nLoad: {options.load_clients} clients for {options.load_duration:g} s")
    print(loadtest.report(result, stored))
    print(f"worker memory after the load (MB): {', '.join(f'{size:.0f}' for size in memory)}")


def measure_published_pdf(year: int, repeat: int, budget: float, workdir: Path) -> None:
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
        client = Client(HTTP_ACCEPT_ENCODING="identity")
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
    parser.add_argument("--hearings", type=int, default=1000, help="Hearings to generate (default 1000).")
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

    with tempfile.TemporaryDirectory(prefix="istog-benchmark-") as folder:
        workdir = Path(folder)
        env = configure(workdir, options)
        database = create_database(env)
        try:
            started = time.perf_counter()
            data = generate(options.hearings)
            from django.conf import settings

            workers = os.environ.get("GUNICORN_WORKERS") or str(2 * os.cpu_count() + 1)
            print(f"Database: {database}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
            print(
                f"{data['count']} hearings generated in {time.perf_counter() - started:.1f} s; "
                f"gunicorn.conf.py: {workers} workers x {os.environ.get('GUNICORN_THREADS', '4')} threads "
                f"on {os.cpu_count()} CPUs; wrk {options.duration:g} s x {options.rounds} rounds, "
                f"{options.connections} connections.\n"
            )
            measured = pages(data)
            figures = {name: in_process(path, options.repeat, options.budget) for name, path in measured}
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
            for name, _path in measured:
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
            print("\npaths: " + "; ".join(f"{name}: {path}" for name, path in measured))
            measure_published_pdf(data["year"], options.repeat, options.budget, workdir)
            if options.load:
                load_scenario(env, data, options)
        finally:
            drop_database(env)


if __name__ == "__main__":
    main()
