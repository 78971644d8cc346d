"""Load the demo: Istog (its 2025 plan and report) and two illustrative municipalities, Mamusha and Gračanica."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from consultations.models import Hearing
from demo import illustrative
from demo.publishing import publish_demo_reports
from municipalities.models import Municipality
from municipalities.scoping import scope
from web.stored_files import unset_public_address


class Command(BaseCommand):
    help = (
        "Load the demo of an installation for several municipalities: Istog (as load_istog_2025) and two "
        "municipalities with invented, illustrative data chosen for their languages: Mamusha (Turkish) and "
        "Gračanica (Serbian). Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when a municipality exists already (used by make run).",
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and Municipality.objects.exists():
            self.stdout.write(_("A municipality exists already: demo data not loaded."))
            return
        call_command("load_istog_2025", stdout=self.stdout, stderr=self.stderr, verbosity=options["verbosity"])
        for slug in illustrative.SLUGS:
            self._load(slug)

    def _load(self, slug: str) -> None:
        loaded = illustrative.load(slug)
        attendance = loaded.attendance_last_year
        self.stdout.write(
            self.style.SUCCESS(_("Loaded the illustrative demo data of %(name)s:") % {"name": loaded.municipality.name})
        )
        self.stdout.write(
            _(
                "Plan %(year)s: %(hearings)s consultations held, %(women)s women, %(men)s men, "
                "%(total)s in total; %(requests)s citizen requests."
            )
            % {
                "year": loaded.last_year,
                "hearings": loaded.held_last_year,
                "women": attendance["women"],
                "men": attendance["men"],
                "total": attendance["total"],
                "requests": loaded.requests,
            }
        )
        if unset_public_address():
            return  # load_istog_2025 said why nothing is published
        reported = Hearing.objects.select_related("plan__municipality").get(pk=loaded.reported_hearing_pk)
        with scope(loaded.municipality):
            publish_demo_reports(self.stdout, reported, loaded.last_year)
