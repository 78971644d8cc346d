"""A publication asked for and carried out by the task worker: its state, for the page that shows it.

The officer's request only creates the row and enqueues the task; the task renders every language's
PDF and stores the version in one transaction (reports/publishing.py, outcomes/publishing.py), so
nothing half-published is ever visible. The row says where it stands: waiting, in progress, done
(with the version) or failed (with the reason, written in the officer's language).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Why a publication failed when the server itself failed (the details go to the log, not to the officer).
SERVER_FAILURE = _(
    "The report could not be published because of an error on the server; nothing was published. "
    "Try again; if it fails again, tell the administrator."
)

# A publication still "in progress" after this long died with its worker: shown as failed, may be asked again.
STALLED_AFTER = datetime.timedelta(minutes=30)


class Publication(models.Model):
    """What every kind of publication records (abstract)."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Published")
        FAILED = "failed", _("Failed")

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # The officer's language when asking: the reason of a failure is written in it.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    reason = models.TextField(_("reason for the new version"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), null=True, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)

    class Meta:
        abstract = True
        ordering = ("-requested_at", "-pk")

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.WAITING, self.State.RUNNING) and not self.stalled

    @property
    def stalled(self) -> bool:
        """Waiting or running for longer than any publication takes: its worker died."""
        return self.state in (self.State.WAITING, self.State.RUNNING) and (
            timezone.now() - self.requested_at > STALLED_AFTER
        )

    def enqueue_on_commit(self, task) -> None:
        """Enqueue `task(self.pk)` once the officer's change commits. A task queue that refuses it (Redis down,
        with TASK_BACKEND on RQ) fails the publication at once, nothing published, instead of the officer's request."""

        def enqueue() -> None:
            try:
                task.enqueue(self.pk)
            except Exception:
                logger.exception("The task of publication %s could not be enqueued", self.pk)
                with translation.override(self.language):
                    self.fail(str(SERVER_FAILURE))

        transaction.on_commit(enqueue)

    def start(self) -> bool:
        """Mark it as running; False when another task run took it already (a task runs once)."""
        now = timezone.now()
        started = (
            type(self)
            ._base_manager.filter(pk=self.pk, state=self.State.WAITING)
            .update(state=self.State.RUNNING, started_at=now)
        )
        if started:
            self.state, self.started_at = self.State.RUNNING, now
        return started == 1

    def finish(self, version: int) -> None:
        """Record the published version."""
        self._end(state=self.State.DONE, version=version)

    def fail(self, failure: str) -> None:
        """Record why it failed, in the officer's language."""
        self._end(state=self.State.FAILED, failure=failure)

    def _end(self, **fields) -> None:
        fields["finished_at"] = timezone.now()
        for name, value in fields.items():
            setattr(self, name, value)
        type(self)._base_manager.filter(pk=self.pk).update(**fields)
