from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from notifications.mail import announce_new_hearings


class Command(BaseCommand):
    help = (
        "Email confirmed subscribers about published consultations not announced yet "
        "(upcoming or open ones; each is announced once)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List the consultations that would be announced; send nothing."
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        # Staff read the output in the portal's default language (LANGUAGE_CODE is active in commands).
        for hearing, count in announce_new_hearings(dry_run=dry_run):
            values = {"id": hearing.pk, "title": hearing.title, "count": count}
            if dry_run:
                line = ngettext(
                    "Would announce %(id)s “%(title)s” to %(count)s subscriber.",
                    "Would announce %(id)s “%(title)s” to %(count)s subscribers.",
                    count,
                )
            else:
                line = ngettext(
                    "Announced %(id)s “%(title)s” to %(count)s subscriber.",
                    "Announced %(id)s “%(title)s” to %(count)s subscribers.",
                    count,
                )
            self.stdout.write(line % values)
