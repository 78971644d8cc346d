"""Write locale/sr (Serbian, Cyrillic) from locale/sr_Latn by transliteration: `make compile-messages` runs it."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from web.cyrillic import catalog_to_cyrillic

SOURCE = "sr_Latn"
TARGET = "sr"


def catalogs(base: Path) -> list[tuple[Path, Path]]:
    """Each Serbian Latin catalog (django.po, djangojs.po if there is one) and the Cyrillic file made from it."""
    source = base / "locale" / SOURCE / "LC_MESSAGES"
    return [(path, base / "locale" / TARGET / "LC_MESSAGES" / path.name) for path in sorted(source.glob("*.po"))]


class Command(BaseCommand):
    help = "Generate the Serbian Cyrillic catalogs (locale/sr) from the Serbian Latin ones (locale/sr_Latn)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; fail when a committed catalog differs from a new one."
        )

    def handle(self, *args, check: bool, **options) -> None:
        pairs = catalogs(Path(settings.BASE_DIR))
        if not pairs:
            raise CommandError(f"No catalog in locale/{SOURCE}/LC_MESSAGES.")
        stale = []
        for source, target in pairs:
            generated = catalog_to_cyrillic(source.read_text(encoding="utf-8"), TARGET)
            if check:
                if not target.exists() or target.read_text(encoding="utf-8") != generated:
                    stale.append(str(target.relative_to(settings.BASE_DIR)))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(generated, encoding="utf-8")
        if stale:
            raise CommandError(f"Out of date: {', '.join(stale)}. Run `python manage.py cyrillic_catalog`.")
