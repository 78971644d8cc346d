"""The worker's periodic jobs: what runs how often, and running each due job exactly once.

The jobs are management commands of the apps below (called by name, as cron called them). Several
workers may run side by side: a job is claimed by one conditional UPDATE of its row ("started before
its interval ago"), which the database grants to one of them only. PostgreSQL re-checks the condition
on the row the other worker just changed; SQLite has one writer at a time. Nobody holds a lock while
the job runs, so a job killed halfway waits for its next interval, like a missed cron run.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import logging
from collections.abc import Callable, Sequence

from django.core.management import call_command
from django.db.models import F, Q
from django.utils import timezone

from .models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Job:
    """A periodic job: a management command (or, for tests, any function) and how often it runs."""

    name: str
    interval: datetime.timedelta
    function: Callable[[], str] | None = None

    def run(self) -> str:
        """Run the job; returns what it printed."""
        if self.function is not None:
            return self.function() or ""
        output = io.StringIO()
        call_command(self.name, stdout=output)
        return output.getvalue()


JOBS: tuple[Job, ...] = (
    # Announce newly published consultations to confirmed subscribers (the mail worker sends them).
    Job("notify_subscribers", datetime.timedelta(minutes=10)),
    # Delete personal data older than RETENTION_DAYS.
    Job("purge_old_records", datetime.timedelta(days=1)),
)


def claim(job: Job, now: datetime.datetime) -> bool:
    """Mark the job as started if it is due; True for the one worker whose UPDATE changed the row."""
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.interval)
    return bool(ScheduledJob.objects.filter(due, name=job.name).update(last_started_at=now))


def run_due_jobs(jobs: Sequence[Job] = JOBS) -> list[str]:
    """Run every job whose interval has passed since it last started; returns the names of those run here."""
    known = set(ScheduledJob.objects.filter(name__in=[job.name for job in jobs]).values_list("name", flat=True))
    if missing := [ScheduledJob(name=job.name) for job in jobs if job.name not in known]:
        ScheduledJob.objects.bulk_create(missing, ignore_conflicts=True)  # another worker may add them too
    ran = []
    for job in jobs:
        if not claim(job, timezone.now()):
            continue
        ran.append(job.name)
        logger.info("Scheduled job %s started", job.name)
        try:
            output = job.run()
        except Exception as error:  # one failing job must not stop the worker or the other jobs
            logger.exception("Scheduled job %s failed", job.name)
            finished(job, succeeded=False, error=f"{type(error).__name__}: {error}")
        else:
            if output.strip():
                logger.info("Scheduled job %s: %s", job.name, output.strip())
            finished(job, succeeded=True)
    return ran


def finished(job: Job, succeeded: bool, error: str = "") -> None:
    """Record the end of a run."""
    ScheduledJob.objects.filter(name=job.name).update(
        last_finished_at=timezone.now(), last_succeeded=succeeded, last_error=error, runs=F("runs") + 1
    )
