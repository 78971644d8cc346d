"""The register of citizens' requests: what was asked, by whom, and how the municipality answered.

A request may come from a public hearing, by post or email, or from a citizen's comment on a
written consultation (participation turns the comment into a request). The table keeps its
original name, consultations_citizenrequest, from before the register was an app of its own.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.models import Directorate, Hearing
from municipalities.models import Municipality
from municipalities.scoping import scoped_manager
from web.history import History
from web.languages import language_choices

# Today in the portal's time zone (settings.TIME_ZONE, the municipality's) is the latest date an answer can have.
ANSWER_IN_THE_FUTURE = _("The answer cannot be dated after today.")


class CitizenRequestQuerySet(models.QuerySet):
    def in_year(self, year: int) -> CitizenRequestQuerySet:
        """Requests received in the given year."""
        return self.filter(received_on__year=year)

    def public(self) -> CitizenRequestQuerySet:
        """Requests staff chose to publish with their answer."""
        return self.filter(is_public=True)

    def unanswered(self) -> CitizenRequestQuerySet:
        """Requests still waiting for an answer."""
        return self.filter(status=CitizenRequest.Status.OPEN)

    def overdue(self, days: int | None = None, today: datetime.date | None = None) -> CitizenRequestQuerySet:
        """Open requests received more than `days` days ago (settings.UNANSWERED_AFTER_DAYS by default)."""
        days = settings.UNANSWERED_AFTER_DAYS if days is None else days
        today = today or timezone.localdate()
        return self.unanswered().filter(received_on__lt=today - datetime.timedelta(days=days))

    def of(self, municipality: Municipality | None) -> CitizenRequestQuerySet:
        """The requests in this municipality's register."""
        return self.filter(municipality=municipality)

    def answer_breakdown(self) -> dict[str, int]:
        """How many answered requests were answered through each channel."""
        rows = self.exclude(answered_via="").values("answered_via").annotate(count=models.Count("pk")).order_by()
        counts = {channel: 0 for channel in CitizenRequest.AnswerChannel.values if channel}
        for row in rows:
            counts[row["answered_via"]] = row["count"]
        return counts


class CitizenRequest(models.Model):
    """A citizen's request and the municipality's answer: one line in the register."""

    class Received(models.TextChoices):
        AT_HEARING = "hearing", _("At a public hearing")
        ONLINE = "online", _("Through the website")
        EMAIL = "email", _("By email")
        POST = "post", _("By post")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("request status", "Open")
        ANSWERED = "answered", pgettext_lazy("request status", "Answered")
        ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
        PARTIALLY_ACCEPTED = "partial", pgettext_lazy("request status", "Partly accepted")
        # "Not accepted", as the regulation on public consultation words it; a reason is required.
        REJECTED = "rejected", pgettext_lazy("request status", "Not accepted")

    class AnswerChannel(models.TextChoices):
        NOT_YET = "", _("Not yet answered")
        ON_THE_SPOT = "spot", _("On the spot")
        EMAIL = "email", _("By email")
        POST = "post", _("By post")
        ONLINE = "online", _("Published online")

    # Whose register the request is in: set on save from the hearing, else the directorate, else
    # the installation's municipality (a request by post may concern no hearing).
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        editable=False,
        related_name="requests",
        verbose_name=_("municipality"),
    )
    hearing = models.ForeignKey(
        Hearing,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("public consultation"),
    )
    received_via = models.CharField(_("received"), max_length=10, choices=Received.choices, default=Received.AT_HEARING)
    received_on = models.DateField(_("date received"), default=timezone.localdate)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    text = models.TextField(_("what was asked"))
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("responsible directorate"),
    )
    citizen_name = models.CharField(_("citizen's name"), max_length=200, blank=True)
    citizen_email = models.EmailField(_("citizen's email"), blank=True)
    show_name = models.BooleanField(
        _("the name may be published"),
        default=False,
        help_text=_("Tick only if the citizen agreed: the name is shown with the request in the consultation report."),
    )
    email_consent = models.BooleanField(
        _("the citizen may be emailed the consultation's report"),
        default=False,
        help_text=_("Tick only if the citizen agreed: they are emailed once when the consultation's report is out."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_via = models.CharField(
        _("how it was answered"), max_length=10, choices=AnswerChannel.choices, default="", blank=True
    )
    answered_on = models.DateField(_("date answered"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason it was not accepted"), blank=True)
    is_public = models.BooleanField(
        _("publish with the answer"),
        default=False,
        help_text=_("Shown on the consultation's page without the citizen's name or email."),
    )
    language = models.CharField(
        _("language of the answer"),
        max_length=10,
        choices=language_choices,
        default="sq",
        blank=True,
        help_text=_("The language the citizen wrote in; an emailed answer is written in it (Albanian if empty)."),
    )
    # Set by moderation when the comment the request came from is rejected or marked as spam:
    # such a request stays in the register but is never published (the constraint below).
    withheld = models.BooleanField(
        _("withheld from publication"),
        default=False,
        editable=False,
        help_text=_("The comment it came from was rejected or marked as spam."),
    )
    answer_emailed_at = models.DateTimeField(_("answer emailed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = scoped_manager("municipality", CitizenRequestQuerySet)
    # Status, answer, how and when answered, the public flag: every change staff make.
    history = History(excluded_fields=["updated_at"])

    class Meta:
        db_table = "consultations_citizenrequest"
        verbose_name = _("citizen request")
        verbose_name_plural = _("citizen requests")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(withheld=True, is_public=True), name="citizenrequest_withheld_not_public"
            ),
            # clean() gives these as messages on the fields; the database keeps them for update() and scripts.
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("received_on")),
                name="citizenrequest_answered_after_received",
                violation_error_message=_("The answer cannot be dated before the request was received."),
            ),
            models.CheckConstraint(
                condition=Q(status="open") | (Q(answered_on__isnull=False) & ~Q(answered_via="") & ~Q(answer="")),
                name="citizenrequest_answered_has_answer",
                violation_error_message=_("An answered request needs its answer, how it was given and its date."),
            ),
        ]

    def __str__(self) -> str:
        return self.label_of(self.topic, self.text)

    def save(self, *args, **kwargs) -> None:
        if self.hearing_id:
            self.municipality_id = self.hearing.plan.municipality_id
        elif self.directorate_id:
            self.municipality_id = self.directorate.municipality_id
        elif self.municipality_id is None:
            self.municipality = Municipality.objects.current()
        super().save(*args, **kwargs)

    @property
    def from_comment(self) -> bool:
        """Whether the request is a citizen's comment on a written consultation (participation links the two)."""
        try:
            self.comment  # noqa: B018 (the reverse one-to-one raises when there is no comment)
        except ObjectDoesNotExist:
            return False
        return True

    @property
    def is_answered(self) -> bool:
        return self.status != self.Status.OPEN

    @staticmethod
    def label_of(topic: str, text: str) -> str:
        """How lists name a request: its topic, else the start of its text."""
        return topic or text[:60]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.is_answered:
            if not self.answered_via:
                errors["answered_via"] = _("Say how the request was answered.")
            if not self.answered_on:
                errors["answered_on"] = _("Give the date of the answer.")
            if not self.answer.strip():
                errors["answer"] = _("Write the answer given to the citizen.")
        elif self.answered_via or self.answered_on:
            errors["status"] = _("A request with an answer cannot stay open: choose the outcome.")
        if self.status == self.Status.REJECTED and not self.rejection_reason.strip():
            errors["rejection_reason"] = _("Give the reason why the request was not accepted.")
        if self.answered_on and self.received_on and self.answered_on < self.received_on:
            errors["answered_on"] = _("The answer cannot be dated before the request was received.")
        if self.answered_on and self.answered_on > timezone.localdate():
            errors["answered_on"] = ANSWER_IN_THE_FUTURE
        if (
            self.hearing_id
            and self.directorate_id
            and self.directorate.municipality_id != self.hearing.plan.municipality_id
        ):
            errors["directorate"] = _("This directorate belongs to another municipality than the consultation.")
        if self.is_public and self.withheld:
            errors["is_public"] = _(
                "This request comes from a comment that was rejected or marked as spam, so it cannot be "
                "published. Untick “publish with the answer”."
            )
        if (
            not (self.hearing_id or self.directorate_id or self.municipality_id)
            and Municipality.objects.current() is None
        ):
            errors[NON_FIELD_ERRORS] = _("Enter the municipality in the admin before recording requests.")
        if self.answered_via == self.AnswerChannel.EMAIL and not self.citizen_email:
            errors["citizen_email"] = _("An answer by email needs the citizen's email address.")
        if self.email_consent and not self.citizen_email:
            errors["citizen_email"] = _("Enter the email address the citizen agreed to be written to.")
        if errors:
            raise ValidationError(errors)
