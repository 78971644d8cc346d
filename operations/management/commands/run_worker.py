"""`manage.py run_worker`: the mail worker that also runs the periodic jobs (what cron did)."""

from __future__ import annotations

from notifications.management.commands import send_pending_mail
from operations.schedule import run_due_jobs


class Command(send_pending_mail.Command):
    help = (
        "The worker: before each batch of mail, run the periodic jobs that are due (notify_subscribers "
        "every 10 minutes, purge_old_records daily), each once across all workers; then send the due mail "
        "as send_pending_mail --loop does. Runs until stopped (SIGTERM or Ctrl-C)."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(loop=True)

    def scheduled_work(self) -> None:
        run_due_jobs()
