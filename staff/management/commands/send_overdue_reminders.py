from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from staff.reminders import remind_every_municipality


class Command(BaseCommand):
    help = (
        "Email each municipality's staff what is overdue there (unanswered requests, attendance not recorded, "
        "comments to moderate, consultation reports past their deadline): at most once a week per person, "
        "nothing when nothing is overdue. The worker runs it daily."
    )

    def handle(self, *args, **options) -> None:
        # Staff read the output in the portal's default language (LANGUAGE_CODE is active in commands).
        for municipality, count in remind_every_municipality().items():
            line = ngettext(
                "%(municipality)s: %(count)s reminder queued.", "%(municipality)s: %(count)s reminders queued.", count
            )
            self.stdout.write(line % {"municipality": municipality.name, "count": count})
