from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from notifications.mail import send_pending


class Command(BaseCommand):
    help = (
        "Try again to send stored emails that are still pending (a failed send counts one more attempt); "
        "notifications to subscribers who unsubscribed meanwhile are dropped, not sent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=100, help="Send at most this many (default 100).")

    def handle(self, *args, limit: int, **options) -> None:
        if limit < 1:
            raise CommandError(_("--limit must be at least 1."))
        result = send_pending(limit=limit)
        self.stdout.write(
            _(
                "Sent %(sent)d, failed %(failed)d, dropped %(dropped)d (no longer subscribed), "
                "skipped %(skipped)d (being sent by another process)."
            )
            % {"sent": result.sent, "failed": result.failed, "dropped": result.dropped, "skipped": result.skipped}
        )
