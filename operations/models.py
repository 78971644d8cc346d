"""The scheduled jobs' record: when each last ran, so that several workers never run one job twice."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """One periodic job of the worker (operations.schedule.JOBS), with its last run."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    last_started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    last_succeeded = models.BooleanField(_("last run succeeded"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
