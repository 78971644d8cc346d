"""`manage.py publish_national_report --year 2025 [--reason TEXT]`."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from national.publishing import PublishRefused, publish_national_report


class Command(BaseCommand):
    help = (
        "Publish the national report of --year as its next version: freeze every municipality's figures and "
        "the PDFs in every language with their SHA-256. From version 2 on, --reason is required."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The year of the figures, e.g. 2025.")
        parser.add_argument("--reason", default="", help="What this version corrects (required from version 2 on).")

    def handle(self, *args, year: int, reason: str, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                report = publish_national_report(year, reason=reason)
            except PublishRefused as refusal:
                raise CommandError(str(refusal)) from None
            self.stdout.write(
                _("Published the %(year)s national report as version %(version)s.")
                % {"year": year, "version": report.version}
            )
            for item in report.files.all():
                self.stdout.write(f"  {item.language}: {item.file_name} sha256={item.sha256}")
