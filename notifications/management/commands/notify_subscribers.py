from django.core.management.base import BaseCommand

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
        for hearing, count in announce_new_hearings(dry_run=dry_run):
            verb = "Would announce" if dry_run else "Announced"
            self.stdout.write(f"{verb} {hearing.pk} “{hearing.title}” to {count} subscribers.")
