"""`manage.py warm_national_view`: read the national figures of this year and last into the cache.

The worker runs it every few minutes (operations/schedule.py). Each municipality's inputs are cached
under its content version and the day (national/figures.py): when the day turns or the cache is
emptied, every municipality must be read again, which takes about a second with 38 municipalities of
1,000 consultations. This job pays that in the worker, so a visitor meets it only in the minutes
before the job's next run; when nothing changed it costs one cache read.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from national.figures import build_national_figures


class Command(BaseCommand):
    help = "Read the national view's figures of this year and last into the cache (the worker runs it)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        for year in (today.year - 1, today.year):
            started = time.perf_counter()
            build_national_figures(year, today)
            self.stdout.write(f"{year}: {(time.perf_counter() - started) * 1000:.0f} ms")
