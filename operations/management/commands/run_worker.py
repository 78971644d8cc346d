"""`manage.py run_worker`: the task worker (mail, publishing, rendering) that also keeps the periodic jobs' schedule."""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.worker import work


class Command(BaseCommand):
    help = (
        "The task worker: runs the queued tasks (sending mail, publishing reports, rendering PDFs), each "
        "once across all workers, and enqueues the periodic jobs when they are due (send_due_mail every "
        "MAIL_WORKER_INTERVAL seconds, notify_subscribers every 10 minutes, purge_old_records daily). "
        "Runs until stopped (SIGTERM or Ctrl-C lets the running task finish); --batch stops when no task is left. "
        "With TASK_BACKEND on Redis (RQ) it only enqueues the periodic jobs; `rqworker --with-scheduler default` "
        "runs the tasks."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            help="Seconds between looks for new tasks when idle (default TASK_WORKER_INTERVAL).",
        )
        parser.add_argument("--batch", action="store_true", help="Run the tasks waiting now, then exit.")
        parser.add_argument("--worker-id", help="This worker's name in the task results (default: random).")

    def handle(self, *args, interval: float | None, batch: bool, worker_id: str | None, **options) -> None:
        if interval is not None and interval <= 0:
            raise CommandError(_("--interval must be more than 0 seconds."))
        stop = threading.Event()
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_args: stop.set())
        work(interval or settings.TASK_WORKER_INTERVAL, stop, batch=batch, worker_id=worker_id)
