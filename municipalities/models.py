"""The municipality as tenant: who runs a portal, its contact details and its look."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from web.history import History

from .branding import DEFAULT_PRIMARY_COLOR, validate_emblem, validate_primary_color


class MunicipalityQuerySet(models.QuerySet):
    def current(self) -> Municipality | None:
        """The municipality this installation serves (settings.MUNICIPALITY_SLUG, else the first)."""
        if settings.MUNICIPALITY_SLUG:
            return self.filter(slug=settings.MUNICIPALITY_SLUG).first()
        return self.order_by("pk").first()


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

    objects = MunicipalityQuerySet.as_manager()
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
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.primary_color:
            self.primary_color = DEFAULT_PRIMARY_COLOR
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Empty means the default, as the field's help says; set before the database constraint is checked,
        # which would otherwise name itself ("municipality_primary_color_hex") to the officer.
        if not self.primary_color:
            self.primary_color = DEFAULT_PRIMARY_COLOR
