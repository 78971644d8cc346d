"""Create the first consultation officer's staff account, once, with a random password."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from municipalities import roles
from municipalities.models import Membership, Municipality
from municipalities.scoping import every_municipality, scope
from web.addresses import absolute_url


class Command(BaseCommand):
    help = (
        "Create a staff account in the “Consultation officer” group with a random password, printed once. "
        "If the account exists, nothing is changed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="officer", help="Login name (default: officer).")
        parser.add_argument("--email", default="", help="The officer's email address (optional).")
        parser.add_argument(
            "--municipality",
            default="",
            help="The short name (slug) of the municipality the officer works for; "
            "optional when the installation serves one municipality.",
        )

    def handle(self, *args, **options) -> None:
        username, email = options["username"].strip(), options["email"].strip()
        self._check(username, email)
        municipality = self._municipality(options["municipality"].strip())
        password = create_officer(username, email, municipality)
        names = {"username": username}
        if password is None:
            self.stdout.write(_("The user “%(username)s” exists already; nothing was changed.") % names)
            return
        with (
            scope(municipality),
            translation.override(municipality.default_language if municipality else settings.LANGUAGE_CODE),
        ):
            login_url = absolute_url(reverse("admin:index"))
        self.stdout.write(self.style.SUCCESS(_("Created the consultation officer “%(username)s”.") % names))
        self.stdout.write(_("Password: %(password)s") % {"password": password})
        self.stdout.write(
            _("Log in at %(url)s with this username and password; it is shown only now, so note it down.")
            % {"url": login_url}
        )

    def _municipality(self, slug: str) -> Municipality | None:
        with every_municipality("the operator names the officer's municipality"):
            if slug:
                municipality = Municipality.objects.filter(slug=slug).first()
                if municipality is None:
                    raise CommandError(_("There is no municipality “%(slug)s”.") % {"slug": slug})
                return municipality
            municipality = Municipality.objects.current()
            if not settings.MUNICIPALITY_SLUG and Municipality.objects.count() > 1:
                raise CommandError(_("This installation hosts several municipalities: name one with --municipality."))
            return municipality

    def _check(self, username: str, email: str) -> None:
        if not username:
            raise CommandError(_("Give a username."))
        User = get_user_model()
        for name, value in (("username", username), ("email", email)):
            limit = User._meta.get_field(name).max_length
            if len(value) > limit:
                raise CommandError(
                    _("The %(field)s is too long: at most %(limit)d characters.")
                    % {"field": User._meta.get_field(name).verbose_name, "limit": limit}
                )
        try:
            User.username_validator(username)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(_("“%(email)s” is not a valid email address.") % {"email": email}) from None
        if not Group.objects.filter(name=roles.OFFICER).exists():
            raise CommandError(_("The “%(group)s” group is missing: run migrate first.") % {"group": roles.OFFICER})


def create_officer(username: str, email: str = "", municipality: Municipality | None = None) -> str | None:
    """Create the officer's staff account unless it exists; return its new password, or None if it existed.

    The account is the municipality's consultation officer (Membership); without a municipality yet (a new
    installation before its first), it is in the officer's group and becomes a member when one is added.
    """
    User = get_user_model()
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            return None
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, email=email, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=roles.OFFICER))
        if municipality is not None:
            Membership.objects.create(user=user, municipality=municipality, role=roles.OFFICER)
    return password
