"""`manage.py send_pending_mail`: one batch of the due mail, in this process (the task worker sends it otherwise)."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from notifications.sending import SendResult, send_pending

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Send the stored emails that are due, over one SMTP connection per batch. A temporary failure "
        "(4xx, connection lost) makes that message wait (1, 2, 4 ... minutes, at most 6 hours); a permanent "
        "refusal (5xx) fails it without retries; notifications to subscribers who left are dropped. "
        "One batch, as the worker's task send_due_mail sends it, here and now; exit status 1 when a message "
        "failed or the server was unavailable. The task worker (run_worker) sends the mail otherwise."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, help="Send at most this many per batch (default MAIL_BATCH_SIZE).")

    def handle(self, *args, limit: int | None, **options):
        if limit is not None and limit < 1:
            raise CommandError(_("--limit must be at least 1."))
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
