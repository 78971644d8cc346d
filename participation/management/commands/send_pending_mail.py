from django.core.management.base import BaseCommand, CommandError

from participation.mail import send_pending


class Command(BaseCommand):
    help = "Try again to send stored emails that are still pending (a failed send counts one more attempt)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=100, help="Send at most this many (default 100).")

    def handle(self, *args, limit: int, **options) -> None:
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        result = send_pending(limit=limit)
        self.stdout.write(f"Sent {result.sent}, failed {result.failed}.")
