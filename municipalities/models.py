"""The municipality as tenant: who runs a portal, its contact details and its look."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.history import History
from web.languages import language_choices

from .branding import DEFAULT_PRIMARY_COLOR, validate_emblem, validate_host_name, validate_primary_color
from .roles import ROLES
from .scoping import every_municipality, scoped_manager


class MunicipalityQuerySet(models.QuerySet):
    def current(self) -> Municipality | None:
        """The municipality of the scope (a request's, a task's); outside one, MUNICIPALITY_SLUG's, else the first.

        In a municipality's scope only it is visible, so this is it; a command for one of several
        municipalities names it (--municipality) rather than relying on "the first".
        """
        if settings.MUNICIPALITY_SLUG:
            return self.filter(slug=settings.MUNICIPALITY_SLUG).first()
        return self.order_by("pk").first()


def default_languages() -> list[str]:
    """What a new municipality offers: Albanian, Serbian (Latin) and English, where the installation has them."""
    offered = dict(settings.LANGUAGES)
    return [code for code in ("sq", "sr-latn", "en") if code in offered]


def default_official_languages() -> list[str]:
    """The two languages the Law on the Use of Languages makes official in every municipality."""
    return [code for code in ("sq", "sr-latn") if code in dict(settings.LANGUAGES)]


def validate_language_codes(value) -> None:
    offered = dict(settings.LANGUAGES)
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one language."), code="no_language")
    unknown = [code for code in value if code not in offered]
    if unknown:
        raise ValidationError(
            _("This installation does not offer: %(codes)s."),
            code="unknown_language",
            params={"codes": ", ".join(map(str, unknown))},
        )


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True, help_text=_("Used in settings, e.g. istog."))
    website = models.URLField(_("website"), blank=True)
    consultations_url = models.URLField(_("public consultations page"), blank=True)
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    office_hours = models.CharField(
        _("office hours"),
        max_length=200,
        blank=True,
        help_text=_("Shown in the footer, e.g. Monday to Friday, 8:00–16:00."),
    )
    state_line = models.CharField(
        _("line above the name"),
        max_length=200,
        blank=True,
        help_text=_("Shown above the municipality's name in the header and on printed documents."),
    )
    emblem = models.ImageField(
        _("emblem"),
        upload_to="municipality/",
        blank=True,
        validators=[validate_emblem],
        help_text=_("PNG or JPEG, at most 512 KB. Leave empty rather than use an unofficial image."),
    )
    primary_color = models.CharField(
        _("primary colour"),
        max_length=7,
        default=DEFAULT_PRIMARY_COLOR,
        blank=True,
        validators=[validate_primary_color],
        help_text=_("The header's colour, e.g. #2f4858; white text on it must stay readable. Empty: the default."),
    )
    # Printed on the annual report: who signs it and the prefix of its reference number.
    signatory_name = models.CharField(
        _("signatory's name"),
        max_length=200,
        blank=True,
        help_text=_("Who signs the annual report; empty: the official named in the year's plan."),
    )
    signatory_title = models.CharField(
        _("signatory's title"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Official responsible for public consultations."),
    )
    reference_prefix = models.CharField(
        _("reference number prefix"),
        max_length=30,
        blank=True,
        help_text=_("Printed before the year and version of the annual report's reference number, e.g. 01-KI."),
    )

    # Where the public reaches the portal: its primary domain (host name only, e.g. konsultime.istog.org);
    # secondary domains redirect to it (SecondaryDomain). Scheme and port are the installation's (SITE_URL).
    domain = models.CharField(
        _("primary domain"),
        max_length=253,
        blank=True,
        validators=[validate_host_name],
        help_text=_(
            "The portal's address without https://, e.g. konsultime.istog.org. Empty: the installation's address."
        ),
    )
    # Languages as data (the Law on the Use of Languages): what the portal offers, and what must be written.
    languages = models.JSONField(
        _("languages offered"),
        default=default_languages,
        validators=[validate_language_codes],
        help_text=_("The languages of the public pages, emails and documents: the official ones and any others."),
    )
    official_languages = models.JSONField(
        _("official languages"),
        default=default_official_languages,
        validators=[validate_language_codes],
        help_text=_("A consultation is published only with its title and topic in each of these."),
    )
    default_language = models.CharField(
        _("default language"),
        max_length=10,
        choices=language_choices,
        default="sq",
        help_text=_("Shown to a visitor whose browser asks for none of the languages offered."),
    )
    illustrative = models.BooleanField(
        _("illustrative data"),
        default=False,
        help_text=_("Demonstration data: every page and document says the figures are illustrative."),
    )

    # A municipality is its own row: in its scope the others do not exist (filters, choices, lists).
    objects = scoped_manager("pk", MunicipalityQuerySet)
    # The tables keep the names they had when the model lived in consultations.
    history = History(table_name="consultations_historicalmunicipality")

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        db_table = "consultations_municipality"
        constraints = [
            models.CheckConstraint(
                condition=Q(primary_color__regex=r"^#[0-9a-fA-F]{6}$"), name="municipality_primary_color_hex"
            ),
            models.UniqueConstraint(
                fields=["domain"],
                condition=~Q(domain=""),
                name="municipality_domain_unique",
                violation_error_message=_("Another municipality already has this domain."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.primary_color:
            self.primary_color = DEFAULT_PRIMARY_COLOR
        super().save(*args, **kwargs)

    @property
    def public_url(self) -> str:
        """The portal's public address, without a slash at the end: where every absolute link points."""
        return public_url_of(self)

    def validate_unique(self, exclude=None) -> None:
        # Short names and domains are unique in the whole installation, not within a scope.
        with every_municipality("a municipality's slug and domain are unique across the installation"):
            super().validate_unique(exclude)

    def validate_constraints(self, exclude=None) -> None:
        with every_municipality("a municipality's domain is unique across the installation"):
            super().validate_constraints(exclude)

    def offers(self, language: str) -> bool:
        return language in self.languages

    def language_codes(self) -> list[str]:
        """The languages it offers, in the installation's order (settings.LANGUAGES)."""
        return [code for code, _name in settings.LANGUAGES if code in self.languages]

    def required_content_languages(self) -> list[str]:
        """The languages whose texts staff must write before publishing: its official ones, where content is
        written (Serbian in Cyrillic is made from the Latin texts, so it asks for those)."""
        written = {code for code, _name in settings.LANGUAGES} - set(getattr(settings, "TRANSLITERATED_LANGUAGES", {}))
        required = []
        for code in self.official_languages:
            code = getattr(settings, "TRANSLITERATED_LANGUAGES", {}).get(code, code)
            if code in written and code not in required:
                required.append(code)
        return required

    def clean(self) -> None:
        if self.domain:
            self.domain = self.domain.strip().lower().rstrip(".")
            if SecondaryDomain.objects.filter(host=self.domain).exclude(municipality_id=self.pk).exists():
                raise ValidationError({"domain": _("Another municipality already has this domain.")})
        if isinstance(self.languages, list) and isinstance(self.official_languages, list):
            missing = [code for code in self.official_languages if code not in self.languages]
            if missing:
                raise ValidationError(
                    {
                        "languages": _("The official languages must be offered too: %(codes)s.")
                        % {"codes": ", ".join(missing)}
                    }
                )
            if self.default_language not in self.languages:
                raise ValidationError(
                    {"default_language": _("The default language must be one of the languages offered.")}
                )
        # Empty means the default, as the field's help says; set before the database constraint is checked,
        # which would otherwise name itself ("municipality_primary_color_hex") to the officer.
        if not self.primary_color:
            self.primary_color = DEFAULT_PRIMARY_COLOR


def public_url_of(municipality: Municipality | None) -> str:
    """The public address of a municipality's portal: https://<its domain>, scheme and port as SITE_URL's.

    Without a domain: <slug>.localhost on a developer's machine (SITE_URL on localhost), else SITE_URL
    (an installation for one municipality, as before domains).
    """
    base = urlsplit(settings.SITE_URL or "http://localhost")
    host = municipality.domain if municipality is not None else ""
    if not host and municipality is not None and base.hostname == "localhost" and not settings.MUNICIPALITY_SLUG:
        host = f"{municipality.slug}.localhost"
    if not host:
        return settings.SITE_URL.rstrip("/")
    port = f":{base.port}" if base.port else ""
    return f"{base.scheme}://{host}{port}"


class SecondaryDomain(models.Model):
    """Another address of a municipality's portal (an old one, a short one): redirected to the primary domain."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="secondary_domains", verbose_name=_("municipality")
    )
    host = models.CharField(_("domain"), max_length=253, unique=True, validators=[validate_host_name])

    class Meta:
        verbose_name = _("secondary domain")
        verbose_name_plural = _("secondary domains")
        ordering = ["host"]

    def __str__(self) -> str:
        return self.host

    def clean(self) -> None:
        self.host = (self.host or "").strip().lower().rstrip(".")
        if Municipality._base_manager.filter(domain=self.host).exists():
            raise ValidationError({"host": _("Another municipality already has this domain.")})


class Membership(models.Model):
    """A person's place in a municipality's staff: which role they hold there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("municipality")
    )
    role = models.CharField(_("role"), max_length=50, choices=[(role, _(role)) for role in ROLES])

    history = History()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["municipality__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"],
                name="one_membership_per_user_and_municipality",
                violation_error_message=_("This person already has a role in this municipality."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({gettext(self.role)})"


def first_municipality_takes_the_staff_in(sender, instance: Municipality, created: bool, raw: bool = False, **kwargs):
    """post_save: the accounts created before any municipality existed (create_officer on a new installation)
    become members of the first one, with the role of their group."""
    if not created or raw or Municipality._base_manager.exclude(pk=instance.pk).exists():
        return
    User = Membership._meta.get_field("user").related_model
    for role in reversed(ROLES):  # the strongest last: an account in several groups keeps it
        for user in User.objects.filter(groups__name=role, memberships__isnull=True).distinct():
            Membership.objects.update_or_create(user=user, municipality=instance, defaults={"role": role})


def language_codes_of(municipality: Municipality | None) -> list[str]:
    """The languages a page of this municipality is offered in (every language of the installation without one)."""
    if municipality is None:
        return [code for code, _name in settings.LANGUAGES]
    return municipality.language_codes()
