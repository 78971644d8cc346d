"""`manage.py warm_national_view`: read the national figures of this year and last into the cache.

The worker runs it every few minutes (operations/schedule.py). Each municipality's inputs are cached
under its content version and the day (national/figures.py): when the day turns or the cache is
emptied, every municipality must be read again, which takes about a second with 38 municipalities of
1,000 consultations. This job pays that in the worker: it reads today's figures and tomorrow's (the
standards as they will stand tomorrow, on today's records), so the day turns on a warm cache, and an
emptied cache is filled again by the next run; when nothing changed it costs a few cache reads.
"""

from __future__ import annotations

import datetime
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from national.figures import build_national_figures


class Command(BaseCommand):
    help = "Read the national view's figures of this year and last, for today and tomorrow, into the cache."

    def handle(self, *args, **options):
        today = timezone.localdate()
        for day in (today, today + datetime.timedelta(days=1)):
            for year in (day.year - 1, day.year):
                started = time.perf_counter()
                build_national_figures(year, day)
                self.stdout.write(f"{day} {year}: {(time.perf_counter() - started) * 1000:.0f} ms")
