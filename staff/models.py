"""What the staff app records: the last reminder of overdue work each staff member got, per municipality."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from municipalities.scoping import scoped_manager


class Reminder(models.Model):
    """The day a staff member was last reminded of what is overdue in one municipality (reminders.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    sent_on = models.DateField(_("last sent on"), null=True, blank=True)

    objects = scoped_manager("municipality")

    class Meta:
        verbose_name = _("reminder of overdue work")
        verbose_name_plural = _("reminders of overdue work")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="one_reminder_per_user_and_municipality")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality}: {self.sent_on or '—'}"

    @classmethod
    def claim(cls, user, municipality: Municipality, today: datetime.date, every: datetime.timedelta) -> bool:
        """Record a reminder sent today unless one was sent less than `every` ago; True for the one caller
        whose conditional UPDATE changed the row (two workers at once: one of them)."""
        cls.objects.bulk_create([cls(user=user, municipality=municipality)], ignore_conflicts=True)
        due = Q(sent_on__isnull=True) | Q(sent_on__lte=today - every)
        return bool(cls.objects.filter(due, user=user, municipality=municipality).update(sent_on=today))
