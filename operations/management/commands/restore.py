"""`manage.py restore PATH`: a backup into an empty database and media folder, verified."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.backup import BackupError
from operations.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an EMPTY database (no tables) and an empty "
        "MEDIA_ROOT, then check every table's row count and every file's SHA-256 against its manifest. "
        "Refuses to write over existing data."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive written by `manage.py backup`.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, path: str, database: str, **options) -> None:
        try:
            manifest = restore_backup(Path(path), Path(settings.MEDIA_ROOT), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Restored and verified %(tables)s tables, %(rows)s rows and %(files)s files from %(created)s.")
            % {
                "tables": len(manifest["tables"]),
                "rows": sum(manifest["tables"].values()),
                "files": len(manifest["files"]),
                "created": manifest["created_at"],
            }
        )
