"""Who organises and where: the directorates, the places citizens meet, the channels hearings are announced on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from municipalities.models import Municipality
from municipalities.scoping import scoped_manager


class Directorate(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="directorates", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)

    objects = scoped_manager("municipality")

    class Meta:
        verbose_name = _("directorate")
        verbose_name_plural = _("directorates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    class Kind(models.TextChoices):
        LOCAL_COMMUNITY = "local_community", _("Local community")
        ASSEMBLY_HALL = "assembly_hall", _("Municipal assembly hall")
        OTHER = "other", pgettext_lazy("kind of place", "Other")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="places", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LOCAL_COMMUNITY)
    address = models.CharField(_("address"), max_length=300, blank=True)

    objects = scoped_manager("municipality")

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AnnouncementChannel(models.Model):
    """Where a hearing was announced: the website, Facebook, local media, a notice board..."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("announcement channel")
        verbose_name_plural = _("announcement channels")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name
