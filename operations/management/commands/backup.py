"""`manage.py backup PATH`: the database, the media folder and a manifest, in one archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one tar.gz archive to PATH with the database (pg_dump or SQLite's online backup), "
        "every file under MEDIA_ROOT and a manifest of row counts and SHA-256 checksums. "
        "Safe while the portal runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the archive, e.g. /var/backups/istog/2025-05-10.tar.gz.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, path: str, database: str, **options) -> None:
        if not path.strip():
            raise CommandError(_("Give the archive's file name."))
        try:
            result = create_backup(Path(path), Path(settings.MEDIA_ROOT), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Wrote %(path)s: %(tables)s tables, %(rows)s rows, %(files)s files.")
            % {"path": result.path, "tables": result.tables, "rows": result.rows, "files": result.files}
        )
