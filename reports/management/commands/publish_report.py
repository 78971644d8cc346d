"""`manage.py publish_report 2025 [--reason TEXT] [--allow-incomplete-year] [--if-unpublished]`."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from reports.models import PublishedReport
from reports.publishing import PublishRefused, publish


class Command(BaseCommand):
    help = (
        "Publish the annual report of YEAR as its next version: freeze the figures and the PDFs "
        "in every language with their SHA-256. From version 2 on, --reason is required."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="The plan's year, e.g. 2025.")
        parser.add_argument("--reason", default="", help="What this version corrects (required from version 2 on).")
        parser.add_argument(
            "--allow-incomplete-year", action="store_true", help="Publish although the year has not ended."
        )
        parser.add_argument(
            "--if-unpublished",
            action="store_true",
            help="Do nothing when a version of the year exists already (for the demo and scripts).",
        )

    def handle(self, *args, year: int, reason: str, allow_incomplete_year: bool, if_unpublished: bool, **options):
        with translation.override(settings.LANGUAGE_CODE):
            if if_unpublished:
                existing = PublishedReport.objects.latest_of(Municipality.objects.current(), year)
                if existing is not None:
                    self.stdout.write(
                        _("The %(year)s report is already published (version %(version)s): nothing to do.")
                        % {"year": year, "version": existing.version}
                    )
                    return
            try:
                report = publish(year, reason=reason, allow_incomplete_year=allow_incomplete_year)
            except PublishRefused as refusal:
                raise CommandError(str(refusal)) from None
            self.stdout.write(
                _("Published the %(year)s report as version %(version)s.") % {"year": year, "version": report.version}
            )
            for item in report.files.all():
                self.stdout.write(f"  {item.language}: {item.file_name} sha256={item.sha256}")
