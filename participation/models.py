"""Citizen participation: comments on written consultations, refusals, subscribers and outgoing mail.

The register of requests itself is consultations.CitizenRequest; a comment may be turned
into one (Comment.request).
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from consultations.models import CitizenRequest, Hearing, Place

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

    objects = CommentQuerySet.as_manager()
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
        """Record a moderator's decision on the comment."""
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
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("refused submission")
        verbose_name_plural = _("refused submissions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.created_at:%d.%m.%Y %H:%M})"


class OutgoingMailQuerySet(models.QuerySet):
    def pending(self) -> OutgoingMailQuerySet:
        """Messages not sent yet and not dropped, oldest first."""
        return self.filter(sent_at__isnull=True, dropped_at__isnull=True).order_by("created_at", "pk")


class OutgoingMail(models.Model):
    """One message to send, stored before sending so that a failure can be retried."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("Answer to a request")
        CONFIRMATION = "confirmation", _("Subscription confirmation")
        NOTIFICATION = "notification", _("New consultation")

    class DropReason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("The recipient unsubscribed before it was sent")
        NOT_SUBSCRIBED = "not_subscribed", _("The recipient's subscription is not confirmed any more")

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Set while one process sends the message, so a retry running at the same moment skips it.
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True, editable=False)
    # Set when the message must not go out any more (its recipient unsubscribed); it is never retried.
    dropped_at = models.DateTimeField(_("dropped at"), null=True, blank=True, editable=False)
    dropped_reason = models.CharField(
        _("why it was dropped"), max_length=20, choices=DropReason.choices, blank=True, editable=False
    )

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


def new_token() -> str:
    """A random, URL-safe token of 43 characters."""
    return secrets.token_urlsafe(32)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self) -> SubscriberQuerySet:
        """Subscribers who confirmed their address and have not unsubscribed."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscriber(models.Model):
    """An address that asked to hear about new consultations (double opt-in)."""

    email = models.EmailField(_("email"), unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="sq")
    # Never changed: the links in mail already sent keep working after the address subscribes again.
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    def claim_confirmation_mail(self, cooldown: datetime.timedelta) -> bool:
        """Record that a confirmation is sent now; False when one was sent within the cooldown."""
        now = timezone.now()
        # A conditional UPDATE: of two forms sent at the same moment only one sends the mail.
        claimed = (
            Subscriber.objects.filter(pk=self.pk)
            .filter(Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lte=now - cooldown))
            .update(confirmation_sent_at=now)
        )
        if claimed:
            self.confirmation_sent_at = now
        return claimed == 1


class NotifiedHearing(models.Model):
    """Remembers that subscribers were told about a hearing, so they are told once."""

    hearing = models.OneToOneField(
        Hearing, on_delete=models.CASCADE, related_name="notification", verbose_name=_("public consultation")
    )
    notified_at = models.DateTimeField(_("notified at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("announced consultation")
        verbose_name_plural = _("announced consultations")
        ordering = ["-notified_at"]

    def __str__(self) -> str:
        return str(self.hearing)
