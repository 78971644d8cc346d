"""`manage.py backup PATH [--municipality SLUG]`: the installation, or one municipality, in one archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.backup import BackupError, create_backup
from operations.municipal_backup import create_municipal_backup


class Command(BaseCommand):
    help = (
        "Write one tar.gz archive to PATH with the database (pg_dump or SQLite's online backup), "
        "every file under MEDIA_ROOT and a manifest of row counts and SHA-256 checksums. "
        "Safe while the portal runs. With --municipality: only that municipality's rows, their history, "
        "the accounts they name and their files, as JSON that restores into this or another installation."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the archive, e.g. /var/backups/istog/2025-05-10.tar.gz.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")
        parser.add_argument("--municipality", metavar="SLUG", help="Back up only this municipality (its slug).")

    def handle(self, *args, path: str, database: str, municipality: str | None, **options) -> None:
        if not path.strip():
            raise CommandError(_("Give the archive's file name."))
        try:
            if municipality is not None:
                self._one_municipality(Path(path), municipality, database)
                return
            result = create_backup(Path(path), Path(settings.MEDIA_ROOT), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Wrote %(path)s: %(tables)s tables, %(rows)s rows, %(files)s files.")
            % {"path": result.path, "tables": result.tables, "rows": result.rows, "files": result.files}
        )

    def _one_municipality(self, path: Path, slug: str, database: str) -> None:
        if database != "default":
            raise BackupError(_("A backup of one municipality reads the portal's own database; leave --database out."))
        result = create_municipal_backup(path, slug)
        self.stdout.write(
            _("Wrote %(path)s: municipality %(slug)s, %(rows)s rows, %(files)s files.")
            % {"path": result.path, "slug": slug, "rows": result.rows, "files": result.files}
        )
