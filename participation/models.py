"""Citizen participation: comments on written consultations and the log of refused submissions.

A comment may be turned into a request in the register (Comment.request, register.CitizenRequest).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from consultations.models import Hearing, Place
from municipalities.models import Municipality
from municipalities.scoping import scoped_manager, scoped_municipality
from register.models import CitizenRequest

# Size limits of what a citizen may send; the form and the database share them.
NAME_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5_000


class CommentQuerySet(models.QuerySet):
    def published(self) -> CommentQuerySet:
        """Comments a moderator published, oldest first as in a conversation."""
        return self.filter(status=Comment.Status.PUBLISHED).order_by("created_at", "pk")

    def pending(self) -> CommentQuerySet:
        """Comments waiting for a moderator."""
        return self.filter(status=Comment.Status.PENDING)

    def hidden(self) -> CommentQuerySet:
        """Comments a moderator rejected or marked as spam: never shown, never a public request."""
        return self.filter(status__in=Comment.HIDDEN_STATUSES)

    def same_as(self, hearing_pk: int, client_hash: str, body: str, since: datetime.datetime) -> CommentQuerySet:
        """Comments with this text from this client on this hearing since the given moment (double submits)."""
        return self.filter(hearing_id=hearing_pk, client_hash=client_hash, body=body, created_at__gte=since)


class Comment(models.Model):
    """A citizen's comment on a written consultation, published only after moderation."""

    class Status(models.TextChoices):
        # The codes sort pending first, which the moderation queue's ordering relies on.
        PENDING = "pending", pgettext_lazy("comment status", "Awaiting moderation")
        PUBLISHED = "published", pgettext_lazy("comment status", "Published")
        REJECTED = "rejected", pgettext_lazy("comment status", "Rejected")
        SPAM = "spam", pgettext_lazy("comment status", "Spam")

    # A moderator decided against these: they are not turned into requests, nor published as one.
    HIDDEN_STATUSES = (Status.REJECTED, Status.SPAM)

    hearing = models.ForeignKey(
        Hearing, on_delete=models.PROTECT, related_name="comments", verbose_name=_("public consultation")
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    show_name = models.BooleanField(_("show my name with the comment"), default=False)
    email = models.EmailField(_("email"), blank=True, help_text=_("Only for sending you the answer; never shown."))
    local_community = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("local community"),
        limit_choices_to={"kind": Place.Kind.LOCAL_COMMUNITY},
    )
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    consent = models.BooleanField(_("consent to the use of the data"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    # Set when the citizen was emailed the reason for rejecting the comment: they are told once.
    rejection_emailed_at = models.DateTimeField(_("rejection emailed at"), null=True, blank=True, editable=False)
    client_hash = models.CharField(_("address (salted hash)"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("moderated by"),
    )
    request = models.OneToOneField(
        CitizenRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comment",
        editable=False,
        verbose_name=_("citizen request"),
    )

    objects = scoped_manager("hearing__plan__municipality", CommentQuerySet)
    # The history records moderation only: who decided what, when. The citizen's name, email,
    # text and address hash stay out of it, so deleting a comment (retention) deletes them.
    history = HistoricalRecords(
        excluded_fields=[
            "name",
            "show_name",
            "email",
            "local_community",
            "body",
            "consent",
            "language",
            "client_hash",
        ]
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["status", "-created_at"]
        indexes = [models.Index(fields=["hearing", "status"])]
        constraints = [models.CheckConstraint(condition=Q(consent=True), name="comment_has_consent")]

    def __str__(self) -> str:
        return self.body[:60]

    def clean(self) -> None:
        if self.status == self.Status.REJECTED and not self.rejection_reason.strip():
            raise ValidationError({"rejection_reason": _("Give the reason for rejecting the comment.")})

    @property
    def public_name(self) -> str:
        """The name to show publicly: only when the citizen agreed to it."""
        return self.name if self.show_name else ""

    def moderate(self, status: str, user, reason: str = "") -> None:
        """Record a moderator's decision on the comment (participation.moderation also withholds its request)."""
        self.status = status
        self.rejection_reason = reason if status == self.Status.REJECTED else ""
        self.moderated_at = timezone.now()
        self.moderated_by = user
        self.save(update_fields=["status", "rejection_reason", "moderated_at", "moderated_by"])


class Refusal(models.Model):
    """A refused comment or subscription, logged for staff (no personal data but a salted hash)."""

    class Reason(models.TextChoices):
        HONEYPOT = "honeypot", _("Hidden field filled in")
        TOO_FAST = "too_fast", _("Sent too fast after the form was shown")
        EXPIRED = "expired", _("Form too old")
        TAMPERED = "tampered", _("Form timestamp missing or tampered with")
        RATE_LIMITED = "rate_limited", _("Too many submissions from one address")
        CLOSED = "closed", _("Consultation not open for comments")

    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    # Whose form was refused (the municipality in scope), so each sees its own refusals only.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("municipality"),
    )
    hearing = models.ForeignKey(
        Hearing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("public consultation"),
    )
    client_hash = models.CharField(_("address (salted hash)"), max_length=64, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    # A rate-limited address's refusals share one row per window: this counts them.
    count = models.PositiveIntegerField(
        _("times"), default=1, help_text=_("Refusals this row stands for: the posts of one address in one window.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = scoped_manager("municipality")

    class Meta:
        verbose_name = _("refused submission")
        verbose_name_plural = _("refused submissions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.created_at:%d.%m.%Y %H:%M})"

    def save(self, *args, **kwargs) -> None:
        if self.municipality_id is None:
            self.municipality = scoped_municipality()
        super().save(*args, **kwargs)
