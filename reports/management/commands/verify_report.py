"""`manage.py verify_report FILE`: which published report a PDF is; exits 1 when it is none."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from reports.verification import find_match, sha256_of_stream


class Command(BaseCommand):
    help = "Check a PDF against the published annual reports; exit status 1 when it matches none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The PDF to check.")

    def handle(self, *args, file: str, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            try:
                with Path(file).open("rb") as stream:
                    checksum = sha256_of_stream(stream)
            except OSError as error:
                raise CommandError(
                    _("Cannot read %(path)s: %(error)s") % {"path": file, "error": error.strerror or error}
                ) from None
            match = find_match(checksum)
            if match is None:
                raise CommandError(
                    _("%(path)s (sha256 %(sha)s) matches no published report.") % {"path": file, "sha": checksum}
                )
            report = match.report
            self.stdout.write(
                _("%(path)s is %(municipality)s, annual report %(year)s, version %(version)s (%(language)s).")
                % {
                    "path": file,
                    "municipality": report.municipality.name,
                    "year": report.year,
                    "version": report.version,
                    "language": match.language,
                }
            )
