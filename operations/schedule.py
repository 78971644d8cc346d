"""The worker's periodic jobs: what runs how often, and running each due job exactly once.

The jobs are management commands of the apps below (called by name, as cron called them) or functions.
The task worker (`run_worker`, operations/worker.py) looks for due jobs between tasks and enqueues the
task `run_job` for each, so they run on whichever worker is free, like any other task; no crontab. Several
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

from django.conf import settings
from django.core.management import call_command
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from municipalities.scoping import every_municipality
from notifications.sending import send_due_mail

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


def _send_due_mail() -> str:
    result = send_due_mail.call()
    return ", ".join(f"{key} {value}" for key, value in result.items())


JOBS: tuple[Job, ...] = (
    # Send the mail whose back-off is over, and any a stopped batch left (new mail has its own task).
    Job("send_due_mail", datetime.timedelta(seconds=settings.MAIL_WORKER_INTERVAL), _send_due_mail),
    # Announce newly published consultations to confirmed subscribers (their mail is sent by tasks).
    Job("notify_subscribers", datetime.timedelta(minutes=10)),
    # Delete personal data older than RETENTION_DAYS.
    Job("purge_old_records", datetime.timedelta(days=1)),
    # Email each municipality's staff what is overdue there (staff/reminders.py: at most weekly per person).
    Job("send_overdue_reminders", datetime.timedelta(days=1)),
    # Read the national figures of this year and last into the cache, so that no visitor of the national
    # page reads every municipality when the day turns or the cache was emptied (national/figures.py).
    Job("warm_national_view", datetime.timedelta(minutes=5)),
)


def claim(job: Job, now: datetime.datetime) -> bool:
    """Mark the job as started if it is due; True for the one worker whose UPDATE changed the row."""
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.interval)
    return bool(ScheduledJob.objects.filter(due, name=job.name).update(last_started_at=now))


def claim_due_jobs(jobs: Sequence[Job] = JOBS) -> list[Job]:
    """Claim every job whose interval has passed since it last started; returns those claimed here."""
    known = set(ScheduledJob.objects.filter(name__in=[job.name for job in jobs]).values_list("name", flat=True))
    if missing := [ScheduledJob(name=job.name) for job in jobs if job.name not in known]:
        ScheduledJob.objects.bulk_create(missing, ignore_conflicts=True)  # another worker may add them too
    return [job for job in jobs if claim(job, timezone.now())]


def run_claimed(job: Job) -> None:
    """Run a job this process claimed and record how it ended; a failure is recorded, never raised."""
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


def run_due_jobs(jobs: Sequence[Job] = JOBS) -> list[str]:
    """Claim and run the due jobs in this process, one after the other; returns the names of those run here."""
    claimed = claim_due_jobs(jobs)
    for job in claimed:
        run_claimed(job)
    return [job.name for job in claimed]


def enqueue_due_jobs() -> list[str]:
    """The worker's schedule: claim the due jobs of JOBS and enqueue the task `run_job` for each.

    A job whose task could not be enqueued (the task queue's server down) gives its claim back, so the next
    round tries again instead of waiting a whole interval; the error goes up to the worker, which logs it.
    """
    claimed = claim_due_jobs(JOBS)
    for index, job in enumerate(claimed):
        try:
            run_job.enqueue(job.name)
        except Exception:
            for unqueued in claimed[index:]:
                # Due again; nobody else can have claimed it since, as it was not due.
                ScheduledJob.objects.filter(name=unqueued.name).update(
                    last_started_at=F("last_started_at") - unqueued.interval
                )
            raise
    return [job.name for job in claimed]


@task()
def run_job(name: str) -> None:
    """The task of one claimed periodic job (installation-wide: every municipality's rows)."""
    job = next((job for job in JOBS if job.name == name), None)
    if job is None:  # a job removed from JOBS since it was enqueued
        logger.warning("Scheduled job %s is no longer known; not run", name)
        return
    with every_municipality(f"the periodic job {name} works for every municipality"):
        run_claimed(job)


def finished(job: Job, succeeded: bool, error: str = "") -> None:
    """Record the end of a run."""
    ScheduledJob.objects.filter(name=job.name).update(
        last_finished_at=timezone.now(), last_succeeded=succeeded, last_error=error, runs=F("runs") + 1
    )
