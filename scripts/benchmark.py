"""Time the list page and the annual report on a large generated data set.

    .venv/bin/python scripts/benchmark.py [--hearings 2000] [--repeat 7]

A measurement, not a test: it prints a table and never fails on a number. Without
DATABASE_URL it builds a throwaway SQLite file in a temporary folder; with DATABASE_URL
it creates Django's test database beside the configured one (test_<name>) and destroys
it afterwards, so no real data is touched. Rows are made with bulk_create, not factories,
so that generating 2,000 hearings takes seconds.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEARS = (2023, 2024, 2025)
PAGES = (
    ("hearing list", "/sq/konsultimet/"),
    ("report index", "/sq/raportet/"),
    ("annual report", "/sq/raportet/{year}/"),
    ("annual report PDF", "/sq/raportet/{year}/pdf/"),
    ("hearing page", "/sq/konsultimet/{hearing}/"),
    ("public notice PDF", "/sq/konsultimet/{hearing}/njoftimi.pdf"),
    ("hearings JSON", "/opendata/hearings-{year}.json"),
)


def configure(workdir: str) -> None:
    """Environment for a measurement: production-like settings, plain static files storage."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "istog_consult.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(workdir) / 'benchmark.sqlite3'}"
        os.environ["BENCHMARK_OWN_SQLITE"] = "1"

    # WhiteNoise warns on every request that STATIC_ROOT was never collected: noise here.
    warnings.filterwarnings("ignore", message="No directory at")

    import django
    from django.conf import settings

    django.setup()
    # Pages link {% static %} files; the manifest storage would need collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def create_database() -> str:
    """Migrate a fresh database and say which one it is."""
    from django.core.management import call_command
    from django.db import connection

    if os.environ.get("BENCHMARK_OWN_SQLITE"):
        call_command("migrate", verbosity=0, interactive=False)
        return f"SQLite file {connection.settings_dict['NAME']}"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return f"{connection.vendor} test database {name}"


def destroy_database(description: str) -> None:
    from django.db import connection

    if not os.environ.get("BENCHMARK_OWN_SQLITE"):
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def generate(hearing_count: int) -> None:
    """One municipality, a published plan a year, places, hearings spread over the years, requests."""
    import random

    from django.utils import timezone

    from consultations.models import (
        AnnouncementChannel,
        ConsultationPlan,
        Directorate,
        Hearing,
        Municipality,
        Place,
    )
    from register.models import CitizenRequest

    rng = random.Random(2025)  # noqa: S311 - made-up attendance, not secrets
    municipality = Municipality.objects.create(name="Komuna e Istogut", slug="istog", name_sr_latn="Opština Istok")
    directorates = Directorate.objects.bulk_create(
        Directorate(municipality=municipality, name=f"Drejtoria {n}") for n in range(6)
    )
    places = Place.objects.bulk_create(
        Place(
            municipality=municipality,
            name=f"Bashkësia lokale {n}",
            kind=Place.Kind.ASSEMBLY_HALL if n == 0 else Place.Kind.LOCAL_COMMUNITY,
        )
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
        for year in YEARS
    }
    statuses = [Hearing.Status.HELD] * 8 + [Hearing.Status.PLANNED, Hearing.Status.CANCELLED]
    now = timezone.now()
    hearings = []
    for n in range(hearing_count):
        year = YEARS[n % len(YEARS)]
        status = rng.choice(statuses)
        method = rng.choice(list(Hearing.Method))
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
                slug=f"degjim-publik-{n}",
                directorate=rng.choice(directorates),
                method=method,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                place=None if method in (Hearing.Method.ONLINE, Hearing.Method.WRITTEN) else rng.choice(places),
                status=status,
                women=rng.randrange(12) if held else None,
                men=rng.randrange(40) if held else None,
                is_published=True,
                published_at=now,
            )
        )
    hearings = Hearing.objects.bulk_create(hearings, batch_size=500)
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
    answers = [value for value in CitizenRequest.AnswerChannel.values if value]
    requests = []
    for hearing in hearings[: hearing_count // 2]:
        is_open = rng.random() < 0.2
        day = timezone.localdate(hearing.starts_at)
        requests.append(
            CitizenRequest(
                hearing=hearing,
                municipality=municipality,
                received_on=day,
                topic="Ndriçimi publik",
                text="Kërkojmë ndriçim në rrugën kryesore.",
                status=CitizenRequest.Status.OPEN if is_open else CitizenRequest.Status.ANSWERED,
                answered_via="" if is_open else rng.choice(answers),
                answered_on=None if is_open else day,
                answer="" if is_open else "Përgjigja e komunës.",
            )
        )
    CitizenRequest.objects.bulk_create(requests, batch_size=500)


def measure(path: str, repeat: int) -> tuple[int, float, float, int]:
    """Status, median and fastest time in ms over `repeat` requests, and the queries of one."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    response = client.get(path)  # warm-up: template loading, translation catalogues
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    query_count = len(queries)  # now: the next request clears the connection's query log
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return response.status_code, statistics.median(timings), min(timings), query_count


def main() -> None:
    """Generate the data set, time each page, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hearings", type=int, default=2000, help="How many hearings to generate (default 2000).")
    parser.add_argument("--repeat", type=int, default=7, help="Timed requests per page (default 7).")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="istog-benchmark-") as workdir:
        configure(workdir)
        database = create_database()
        try:
            started = time.perf_counter()
            generate(options.hearings)
            print(f"Database: {database}")
            print(
                f"Generated {options.hearings} hearings over {len(YEARS)} plans "
                f"in {time.perf_counter() - started:.1f} s; {options.repeat} timed requests per page.\n"
            )
            print(f"{'page':<20} {'path':<26} {'status':>6} {'median ms':>10} {'min ms':>8} {'queries':>8}")
            from consultations.models import Hearing

            hearing = Hearing.objects.order_by("pk").values_list("pk", flat=True).first()
            for name, path in PAGES:
                path = path.format(year=YEARS[-1], hearing=hearing)
                status, median, fastest, queries = measure(path, options.repeat)
                print(f"{name:<20} {path:<26} {status:>6} {median:>10.1f} {fastest:>8.1f} {queries:>8}")
                if status == 404:
                    print(f"{'':<20} (404: this page is not written yet; its time is the 404's)")
        finally:
            destroy_database(database)


if __name__ == "__main__":
    main()
