"""The minimum standards of public consultation, as a rule set per municipality.

The rules themselves (what each checks) are code in rules.py; what the officer edits here
is each rule's number, its legal source, its parameter (days, meetings) and whether it is on.
The defaults come from the law and the ministry's instruction as the project read them; the
municipality's legal office confirms them (the admin says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from municipalities.scoping import scope, scoped_manager

# Every parameter is a count of days or meetings, or a day of the year: never below 1, never past 366.
PARAMETER_MIN = 1
PARAMETER_MAX = 366


class RuleCode(models.TextChoices):
    MEETINGS_PER_YEAR = "meetings_per_year", _("Public meetings held in the year")
    NOTICE = "notice", _("Public meetings announced in time")
    WRITTEN_PERIOD = "written_period", _("Written consultations open long enough")
    ANSWER = "answer", _("Citizens' requests answered in time")
    CONSULTATION_REPORT = "consultation_report", _("Report of each consultation published in time")
    PLAN_PUBLISHED = "plan_published", _("The year's plan published in time")
    ANNUAL_REPORT = "annual_report", _("The annual report published in time")


@dataclass(frozen=True)
class Default:
    """A rule as the project ships it: number, legal source, parameter, its bounds and its unit."""

    number: str
    legal_source: str
    parameter: int
    maximum: int
    unit: Promise


LAW_68 = "Ligji Nr. 03/L-040 për Vetëqeverisjen Lokale, neni 68"
AI_2018 = "Udhëzimi Administrativ (MAPL) Nr. 06/2018 për standardet minimale të konsultimit publik në komuna"
REG_2016 = "Rregullorja Nr. 05/2016 për standardet minimale për procesin e konsultimit publik"

DEFAULTS: dict[str, Default] = {
    RuleCode.MEETINGS_PER_YEAR: Default("1", LAW_68, 2, 52, _("meetings a year")),
    RuleCode.NOTICE: Default("2", AI_2018, 7, 60, _("days before the meeting")),
    RuleCode.WRITTEN_PERIOD: Default("3", AI_2018, 15, 90, _("days open")),
    RuleCode.ANSWER: Default("4", REG_2016, 15, 90, _("days to answer")),
    RuleCode.CONSULTATION_REPORT: Default("5", REG_2016, 30, 180, _("days after the consultation ends")),
    RuleCode.PLAN_PUBLISHED: Default("6", AI_2018, 31, 366, _("day of the year (31 = 31 January)")),
    RuleCode.ANNUAL_REPORT: Default("7", AI_2018, 31, 366, _("day of the next year (31 = 31 January)")),
}


class RuleQuerySet(models.QuerySet):
    def for_municipality(self, municipality: Municipality) -> list[Rule]:
        """The municipality's rules in their order (one query), created from the defaults if any is missing."""
        rules = list(self.filter(municipality=municipality).order_by("position", "pk"))
        if len(rules) < len(DEFAULTS):
            ensure_default_rules(municipality)
            rules = list(self.filter(municipality=municipality).order_by("position", "pk"))
        return rules

    def for_municipalities(self, municipalities: list[Municipality]) -> dict[int, list[Rule]]:
        """Each municipality's rules in order, by municipality pk, in one query (two when defaults are missing)."""
        grouped = self._grouped(municipalities)
        lacking = [item for item in municipalities if len(grouped.get(item.pk, [])) < len(DEFAULTS)]
        if lacking:
            for municipality in lacking:
                ensure_default_rules(municipality)
            grouped = self._grouped(municipalities)
        return grouped

    def _grouped(self, municipalities: list[Municipality]) -> dict[int, list[Rule]]:
        grouped: dict[int, list[Rule]] = {}
        for rule in self.filter(municipality__in=[item.pk for item in municipalities]).order_by("position", "pk"):
            grouped.setdefault(rule.municipality_id, []).append(rule)
        return grouped


class Rule(models.Model):
    """One minimum standard as this municipality applies it."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="compliance_rules", verbose_name=_("municipality")
    )
    code = models.CharField(_("rule"), max_length=30, choices=RuleCode.choices, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0, editable=False)
    number = models.CharField(_("number"), max_length=20, help_text=_("As the municipality numbers its standards."))
    legal_source = models.TextField(_("legal source"), help_text=_("The law or instruction and its article."))
    parameter = models.PositiveSmallIntegerField(
        _("value"),
        validators=[MinValueValidator(PARAMETER_MIN), MaxValueValidator(PARAMETER_MAX)],
        help_text=_("Days, meetings or the day of the year, as the rule says."),
    )
    enabled = models.BooleanField(_("checked"), default=True, help_text=_("Untick to stop checking this rule."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = scoped_manager("municipality", RuleQuerySet)

    class Meta:
        verbose_name = _("minimum standard")
        verbose_name_plural = _("minimum standards")
        ordering = ["municipality", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="one_rule_per_municipality_and_code"),
            models.CheckConstraint(
                condition=Q(parameter__gte=PARAMETER_MIN) & Q(parameter__lte=PARAMETER_MAX),
                name="rule_parameter_in_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.get_code_display()}"

    @property
    def default(self) -> Default:
        return DEFAULTS[self.code]

    @property
    def unit(self) -> Promise:
        return self.default.unit

    def clean(self) -> None:
        if self.code and self.parameter is not None:
            maximum = self.default.maximum
            if not PARAMETER_MIN <= self.parameter <= maximum:
                raise ValidationError(
                    {
                        "parameter": _("Give a value from %(min)s to %(max)s (%(unit)s).")
                        % {"min": PARAMETER_MIN, "max": maximum, "unit": self.unit}
                    }
                )


def ensure_default_rules(municipality: Municipality, rule_model=None) -> None:
    """Create the municipality's missing rules from DEFAULTS; existing ones are left as the officer set them."""
    rule_model = rule_model or Rule
    existing = set(rule_model.objects.filter(municipality=municipality).values_list("code", flat=True))
    missing = [
        rule_model(
            municipality=municipality,
            code=code,
            position=position,
            number=default.number,
            legal_source=default.legal_source,
            parameter=default.parameter,
        )
        for position, (code, default) in enumerate(DEFAULTS.items(), start=1)
        if code not in existing
    ]
    if missing:
        rule_model.objects.bulk_create(missing, ignore_conflicts=True)


def answer_days(municipality: Municipality | None) -> int:
    """Days a citizen's request may wait for its answer: the municipality's answer rule while it is on,
    else settings.UNANSWERED_AFTER_DAYS (the value before the rules existed, kept as the fallback)."""
    if municipality is not None:
        rules = Rule.objects.for_municipality(municipality)
        rule = next((rule for rule in rules if rule.code == RuleCode.ANSWER), None)
        if rule is not None and rule.enabled:
            return rule.parameter
    return settings.UNANSWERED_AFTER_DAYS


def give_new_municipality_rules(sender, instance: Municipality, created: bool, raw: bool = False, **kwargs) -> None:
    """post_save of Municipality: a new municipality gets the default rules (not while loading fixtures)."""
    if created and not raw:
        with scope(instance):  # saved by the platform operator, a command or a migration: no scope yet
            ensure_default_rules(instance)
