"""`manage.py verify_report FILE`: which published document a PDF is; exits 1 when it is none."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from reports.verification import find_match, sha256_of_stream


class Command(BaseCommand):
    help = (
        "Check a PDF against every published document (the annual reports and the consultations' "
        "reports); exit status 1 when it matches none."
    )

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
                    _("%(path)s (sha256 %(sha)s) matches no published document.") % {"path": file, "sha": checksum}
                )
            self.stdout.write(
                _("%(path)s is %(municipality)s, %(document)s, version %(version)s (%(language)s).")
                % {
                    "path": file,
                    "municipality": match.municipality,
                    "document": match.document,
                    "version": match.version,
                    "language": match.language,
                }
            )
            if match.replaced:
                self.stdout.write(
                    _("Version %(version)s has been replaced: the current version is %(latest)s, at %(url)s")
                    % {
                        "version": match.version,
                        "latest": match.latest_version,
                        "url": settings.SITE_URL + match.latest_url,
                    }
                )
