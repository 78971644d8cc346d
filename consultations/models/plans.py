"""The annual plan of public consultations, laid out like the municipality's own form."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from municipalities.models import Municipality
from municipalities.scoping import scoped_manager
from web.history import History

# The years a plan (and so a report) may have; anything outside is a typing mistake.
FIRST_PLAN_YEAR = 2000
LAST_PLAN_YEAR = 2100


class PlanQuerySet(models.QuerySet):
    def published(self) -> PlanQuerySet:
        """Plans the public may see."""
        return self.filter(status=ConsultationPlan.Status.PUBLISHED)

    def public(self, municipality: Municipality | None) -> PlanQuerySet:
        """The municipality's published plans, latest year first."""
        return self.published().filter(municipality=municipality).order_by("-year")


def _outside_message(titles: list[str]) -> str:
    """The error for a plan period that would leave these hearings (up to four titles) outside it."""
    shown = "; ".join(titles[:3]) + ("; …" if len(titles) > 3 else "")
    return ngettext(
        "A consultation of this plan would fall outside this period (%(titles)s): change its dates first.",
        "Consultations of this plan would fall outside this period (%(titles)s): change their dates first.",
        len(titles),
    ) % {"titles": shown}


class ConsultationPlan(models.Model):
    """The annual plan of public consultations, with every field of the municipality's form."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="plans", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_PLAN_YEAR), MaxValueValidator(LAST_PLAN_YEAR)]
    )
    participants = models.TextField(
        _("participants in public consultations"), blank=True, help_text=_("One item a line.")
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("In euro. Leave empty when the budget is undetermined."),
    )
    purpose = models.TextField(_("purpose of the consultation"), blank=True)
    process_holders = models.TextField(_("process holders"), blank=True, help_text=_("One item a line."))
    objectives = models.TextField(_("objectives / aims of the consultation"), blank=True)
    others_involved = models.TextField(_("others involved"), blank=True, help_text=_("One item a line."))
    key_issues = models.TextField(
        _("key issues of the consultation – topic"), blank=True, help_text=_("One item a line.")
    )
    internal_actors = models.TextField(_("internal actors"), blank=True, help_text=_("One item a line."))
    external_actors = models.TextField(_("external actors"), blank=True, help_text=_("One item a line."))
    communication_media = models.TextField(_("communication and media"), blank=True, help_text=_("One item a line."))
    information_material = models.TextField(
        _("information: what material is offered to the actors for the public hearing"), blank=True
    )
    inclusion_strategies = models.TextField(_("strategies for including citizens in public hearings"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True, help_text=_("One item a line."))
    information_expected = models.TextField(
        _("what information we expect to receive"), blank=True, help_text=_("One item a line.")
    )
    reporting_verbal = models.BooleanField(_("reporting: verbal"), default=False)
    reporting_written = models.BooleanField(_("reporting: written"), default=False)
    methods_verbal = models.BooleanField(_("consultation methods: verbal"), default=False)
    methods_written = models.BooleanField(_("consultation methods: written"), default=False)
    evaluation_areas = models.TextField(_("main areas of evaluation"), blank=True, help_text=_("One item a line."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    responsible_officer_name = models.CharField(_("official responsible for public consultations"), max_length=200)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer's account"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = scoped_manager("municipality", PlanQuerySet)
    history = History(excluded_fields=["updated_at"])

    # Fields that hold one item a line and render as lists.
    LIST_FIELDS = (
        "participants",
        "process_holders",
        "others_involved",
        "key_issues",
        "internal_actors",
        "external_actors",
        "communication_media",
        "expected_results",
        "information_expected",
        "evaluation_areas",
    )

    class Meta:
        verbose_name = _("annual plan of public consultations")
        verbose_name_plural = _("annual plans of public consultations")
        ordering = ["-year"]
        # Publishing (the status "Published") is a decision of its own, not part of changing the plan.
        permissions = [("publish_plan", _("Can publish or unpublish annual plans"))]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                name="one_plan_per_municipality_and_year",
                violation_error_message=_("This municipality already has a plan for that year."),
            ),
            # clean() gives the same rules as messages on the fields; these hold for update() and scripts too.
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_PLAN_YEAR, year__lte=LAST_PLAN_YEAR),
                name="plan_year_in_range",
                violation_error_message=_("The plan's year must be between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")),
                name="plan_starts_before_it_ends",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"

    def save(self, *args, **kwargs) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("consultations:plan-detail", kwargs={"year": self.year})

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.year is not None and self.start_date.year != self.year:
            errors["start_date"] = _("The start date must fall in the plan's year (%(year)s).") % {"year": self.year}
        if self.end_date and self.year is not None and self.end_date.year != self.year:
            errors["end_date"] = _("The end date must fall in the plan's year (%(year)s).") % {"year": self.year}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", _("The end date cannot be before the start date."))
        if not errors and self.pk and self.start_date and self.end_date:
            # Shrinking the period must not leave hearings outside it (local dates, as in Hearing.clean).
            hearings = self.hearings.order_by("starts_at")
            for field, outside in (
                ("start_date", hearings.filter(starts_at__date__lt=self.start_date)),
                ("end_date", hearings.filter(ends_at__date__gt=self.end_date)),
            ):
                titles = list(outside.values_list("title", flat=True)[:4])
                if titles:
                    errors[field] = _outside_message(titles)
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def items(self, field: str) -> list[str]:
        """The non-empty lines of a one-item-a-line field, in the active language."""
        return [line.strip(" -•\t") for line in (getattr(self, field) or "").splitlines() if line.strip(" -•\t")]

    def reporting_options(self) -> list[str]:
        """Translated labels of the reporting options ticked (verbal, written)."""
        return _ticked(self.reporting_verbal, self.reporting_written)

    def consultation_methods(self) -> list[str]:
        """Translated labels of the consultation methods ticked (verbal, written)."""
        return _ticked(self.methods_verbal, self.methods_written)

    def covers(self, day: datetime.date) -> bool:
        """Whether the day lies in the plan's period."""
        return self.start_date <= day <= self.end_date


def _ticked(verbal: bool, written: bool) -> list[str]:
    labels = []
    if verbal:
        labels.append(_("Verbal"))
    if written:
        labels.append(_("Written"))
    return labels
