"""The platform operator adds a municipality: its names, address, languages; then its officer (create_officer)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from municipalities.models import Municipality, default_languages, default_official_languages


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


class Command(BaseCommand):
    help = (
        "Add a municipality to this installation: name, short name, primary domain and languages. "
        "Then give it its officer: create_officer --municipality <slug>."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="Short name used in addresses and commands, e.g. mamusha.")
        parser.add_argument("--name", required=True, help="The name in Albanian, e.g. “Komuna e Mamushës”.")
        parser.add_argument("--domain", default="", help="The primary domain, e.g. konsultime.mamusha.org.")
        parser.add_argument(
            "--languages", default=",".join(default_languages()), help="Languages offered, e.g. sq,tr,sr-latn,en."
        )
        parser.add_argument(
            "--official-languages",
            default=",".join(default_official_languages()),
            help="Official languages (content required before publishing), e.g. sq,tr,sr-latn.",
        )
        parser.add_argument("--default-language", default="sq", help="The language of / for a new visitor.")

    def handle(self, *args, **options) -> None:
        municipality = Municipality(
            slug=options["slug"].strip(),
            name=options["name"].strip(),
            domain=options["domain"].strip().lower(),
            languages=_codes(options["languages"]),
            official_languages=_codes(options["official_languages"]),
            default_language=options["default_language"].strip(),
        )
        try:
            municipality.full_clean()
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            ) from None
        with transaction.atomic():
            municipality.save()
        self.stdout.write(
            self.style.SUCCESS(
                _("Added %(name)s at %(url)s.") % {"name": municipality.name, "url": municipality.public_url}
            )
        )
        self.stdout.write(
            _("Next: python manage.py create_officer --municipality %(slug)s") % {"slug": municipality.slug}
        )
