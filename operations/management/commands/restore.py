"""`manage.py restore PATH`: a backup into an empty database and media folder, verified; or one municipality."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.backup import BackupError
from operations.municipal_archive import is_municipal_archive
from operations.municipal_restore import restore_municipality
from operations.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an EMPTY database (no tables) and an empty "
        "MEDIA_ROOT, then check every table's row count and every file's SHA-256 against its manifest. "
        "Refuses to write over existing data. An archive of one municipality (`backup --municipality`) "
        "is restored into this installation, beside the other municipalities: all or nothing, with new "
        "keys where its keys are taken; a municipality that exists here is replaced only with --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive written by `manage.py backup`.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")
        parser.add_argument(
            "--municipality",
            metavar="SLUG",
            help="For an archive of one municipality: its slug, checked against the archive (optional).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="For an archive of one municipality that exists here: delete all its data and restore the archive's.",
        )

    def handle(self, *args, path: str, database: str, municipality: str | None, replace: bool, **options) -> None:
        try:
            if is_municipal_archive(Path(path)):
                self._one_municipality(Path(path), municipality, replace, database)
                return
            if municipality is not None or replace:
                raise BackupError(
                    _("This archive is a backup of a whole installation: --municipality and --replace do not apply.")
                )
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

    def _one_municipality(self, path: Path, slug: str | None, replace: bool, database: str) -> None:
        if database != "default":
            raise BackupError(_("A municipality is restored into the portal's own database; leave --database out."))
        manifest = restore_municipality(path, slug=slug, replace=replace)
        self.stdout.write(
            _("Restored and verified municipality %(slug)s: %(rows)s rows and %(files)s files from %(created)s.")
            % {
                "slug": manifest["municipality"]["slug"],
                "rows": sum(manifest["counts"].values()),
                "files": len(manifest["files"]),
                "created": manifest["created_at"],
            }
        )
