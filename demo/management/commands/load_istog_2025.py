"""Load the Municipality of Istog's 2025 plan and report, and an upcoming year, as demo data."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from consultations.models import Hearing
from demo import istog_2025 as demo
from demo.publishing import publish_demo_reports
from municipalities.scoping import scope
from web.stored_files import unset_public_address


class Command(BaseCommand):
    help = (
        "Load the Municipality of Istog, its 2025 plan and the consultations of its 2025 report, "
        "plus a plan for the current year with upcoming hearings and an open written consultation. "
        "Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when a municipality exists already (used by make run).",
        )

    def handle(self, *args, **options) -> None:
        summary = demo.load(if_empty=options["if_empty"])
        if not summary.loaded:
            self.stdout.write(_("A municipality exists already: demo data not loaded."))
            return
        self.stdout.write(self.style.SUCCESS(_("Loaded the demo data of the Municipality of Istog:")))
        self.stdout.write(
            _("%(directorates)s directorates, %(places)s places.")
            % {"directorates": summary.directorates, "places": summary.places}
        )
        attendance = summary.attendance_2025
        self.stdout.write(
            _(
                "Plan %(year)s: %(hearings)s consultations held, %(women)s women, %(men)s men, "
                "%(total)s in total; %(requests)s citizen requests."
            )
            % {
                "year": demo.REPORT_YEAR,
                "hearings": summary.hearings_2025,
                "women": attendance["women"],
                "men": attendance["men"],
                "total": attendance["total"],
                "requests": summary.requests_2025,
            }
        )
        if unset := unset_public_address():
            # `make run` sets the address it serves at; without one the demo's reports stay unpublished.
            self.stdout.write(self.style.WARNING(unset))
        else:
            self._publish_reports(summary)
        if summary.current_year:
            self.stdout.write(
                _("Plan %(year)s: %(upcoming)s upcoming consultations, %(open)s open for comments now.")
                % {"year": summary.current_year, "upcoming": summary.upcoming, "open": summary.open_for_comments}
            )

    def _publish_reports(self, summary) -> None:
        # In Istog's scope: its rows only, and the links printed in its documents on its own address.
        reported = Hearing.objects.select_related("plan__municipality").get(pk=summary.reported_hearing_pk)
        with scope(reported.plan.municipality):
            publish_demo_reports(self.stdout, reported, demo.REPORT_YEAR)
