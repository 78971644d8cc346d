"""`manage.py verify_report FILE`: which published document a PDF is; exits 1 when it is none."""

from __future__ import annotations

import os
import stat

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from reports.forms import MAX_UPLOAD_BYTES
from reports.verification import TooLarge, find_match, sha256_of_stream
from web.addresses import absolute_url


class Command(BaseCommand):
    help = (
        "Check a PDF against every published document (the annual reports and the consultations' "
        "reports); exit status 1 when it matches none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The PDF to check.")

    def handle(self, *args, file: str, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            checksum = self._checksum(file)
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
                        "url": absolute_url(match.latest_url),
                    }
                )

    def _checksum(self, file: str) -> str:
        """The file's SHA-256, reading no more than the largest PDF the verification page accepts."""
        try:
            # Non-blocking, so that a FIFO nobody writes to does not hang the command before the check below.
            descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": file, "error": error.strerror or error}
            ) from None
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            raise CommandError(
                _("%(path)s is not a regular file (a device, a folder or a pipe): give the PDF's file.")
                % {"path": file}
            )
        with os.fdopen(descriptor, "rb") as stream:
            try:
                return sha256_of_stream(stream, limit=MAX_UPLOAD_BYTES)
            except TooLarge:
                raise CommandError(
                    _("%(path)s is larger than %(size)s MB: no published report is that large.")
                    % {"path": file, "size": MAX_UPLOAD_BYTES // (1024 * 1024)}
                ) from None
            except OSError as error:
                raise CommandError(
                    _("Cannot read %(path)s: %(error)s") % {"path": file, "error": error.strerror or error}
                ) from None
