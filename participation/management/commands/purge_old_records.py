from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from participation.retention import purge


class Command(BaseCommand):
    help = (
        "Delete refused submissions, sent or abandoned emails, lapsed subscriptions and spam comments "
        "older than RETENTION_DAYS (or --days). Run it daily."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Keep this many days (default: RETENTION_DAYS).")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        days = settings.RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError(_("--days must be at least 1."))
        purged = purge(days, dry_run=dry_run)
        counts = {
            "days": days,
            "refusals": purged.refusals,
            "mail": purged.mail,
            "subscribers": purged.subscribers,
            "spam": purged.spam_comments,
        }
        if dry_run:
            message = _(
                "Older than %(days)d days, would delete: %(refusals)d refused submissions, %(mail)d emails, "
                "%(subscribers)d lapsed subscriptions, %(spam)d spam comments."
            )
        else:
            message = _(
                "Older than %(days)d days, deleted: %(refusals)d refused submissions, %(mail)d emails, "
                "%(subscribers)d lapsed subscriptions, %(spam)d spam comments."
            )
        self.stdout.write(message % counts)
