"""`manage.py send_pending_mail [--loop]`: the mail worker, or one batch for cron."""

from __future__ import annotations

import argparse
import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections
from django.utils.translation import gettext as _

from notifications.sending import SendResult, send_pending

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Send the stored emails that are due, over one SMTP connection per batch. A temporary failure "
        "(4xx, connection lost) makes that message wait (1, 2, 4 ... minutes, at most 6 hours); a permanent "
        "refusal (5xx) fails it without retries; notifications to subscribers who left are dropped. "
        "Without --loop: one batch, exit status 1 when a message failed or the server was unavailable. "
        "With --loop: the worker, until stopped (SIGTERM or Ctrl-C)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, help="Send at most this many per batch (default MAIL_BATCH_SIZE).")
        parser.add_argument("--loop", action="store_true", help="Keep running: the mail worker.")
        parser.add_argument(
            "--interval",
            type=float,
            help="Seconds between looks for due mail with --loop (default MAIL_WORKER_INTERVAL).",
        )
        parser.add_argument("--max-batches", type=int, help=argparse.SUPPRESS)  # for tests: a loop that ends

    def handle(self, *args, limit: int | None, loop: bool, interval: float | None, max_batches: int | None, **options):
        if limit is not None and limit < 1:
            raise CommandError(_("--limit must be at least 1."))
        if interval is not None and interval <= 0:
            raise CommandError(_("--interval must be more than 0 seconds."))
        if loop:
            self.work(limit, interval or settings.MAIL_WORKER_INTERVAL, max_batches)
            return
        result = send_pending(limit=limit)
        self.report(result)
        if not result.ok:
            # Non-zero for cron (MAILTO) and systemd (OnFailure=) to alert someone.
            raise CommandError(
                _("Not all mail could be sent: %(error)s")
                % {"error": result.server_error or _("see the failed and refused messages in the admin")},
                returncode=1,
            )

    def report(self, result: SendResult) -> None:
        self.stdout.write(
            _(
                "Sent %(sent)d, failed %(failed)d (tried again later), refused %(refused)d (not retried), "
                "dropped %(dropped)d (no longer subscribed), skipped %(skipped)d, waiting %(left)d."
            )
            % vars(result)
        )

    def work(self, limit: int | None, interval: float, max_batches: int | None) -> None:
        """Send batches until told to stop; a failed batch or a database outage only waits and tries again."""
        stop = threading.Event()
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_args: stop.set())
        logger.info("Mail worker started: every %ss, %s per batch", interval, limit or settings.MAIL_BATCH_SIZE)
        batches = 0
        while not stop.is_set() and (max_batches is None or batches < max_batches):
            batches += 1
            full = False
            try:
                self.scheduled_work()
                result = send_pending(limit=limit)
                if result.sent or result.failed or result.refused or result.dropped:
                    self.report(result)
                # A full batch that went well: more may be waiting, so go on without a pause.
                full = result.ok and result.sent >= (limit or settings.MAIL_BATCH_SIZE)
            except DatabaseError:
                logger.exception("Mail worker: the database is unavailable; trying again in %ss", interval)
            finally:
                release_connections()  # a database restart between batches costs one failed batch, no more
            if not full:
                stop.wait(interval)
        logger.info("Mail worker stopped")

    def scheduled_work(self) -> None:
        """Before each batch: nothing here; operations' run_worker runs the due periodic jobs."""


def release_connections() -> None:
    """Close broken or expired database connections between batches, as Django does between requests."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:  # a test's transaction, never a worker's
            connection.close_if_unusable_or_obsolete()
