"""Outgoing mail and subscriptions: the queue every email passes through, and who asked for news.

The tables keep the names they had when this was part of participation (participation_*).
"""

from __future__ import annotations

import datetime
import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Hearing
from municipalities.models import Municipality
from municipalities.scoping import scoped_manager, scoped_municipality
from web.languages import language_choices


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
        REPORT = "report", _("Consultation report published")
        COMMENT_REJECTED = "comment_rejected", _("Comment not published, with the reason")
        PASSWORD_RESET = "password_reset", _("Password reset")
        ERROR_REPORT = "error_report", _("Error report to the administrators")
        REMINDER = "reminder", _("Reminder to staff of what is overdue")

    class DropReason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("The recipient unsubscribed before it was sent")
        NOT_SUBSCRIBED = "not_subscribed", _("The recipient's subscription is not confirmed any more")
        REFUSED = "refused", _("The mail server refused it for good (5xx)")

    # Whose mail it is (the municipality in scope when it was queued); none for the platform's own (error reports).
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("municipality"),
    )
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
    # Not tried again before this moment: the message's own back-off after a temporary failure.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, editable=False)
    # Set when the message must not go out any more (its recipient unsubscribed); it is never retried.
    dropped_at = models.DateTimeField(_("dropped at"), null=True, blank=True, editable=False)
    dropped_reason = models.CharField(
        _("why it was dropped"), max_length=20, choices=DropReason.choices, blank=True, editable=False
    )

    objects = scoped_manager("municipality", OutgoingMailQuerySet)

    class Meta:
        db_table = "participation_outgoingmail"
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="participati_sent_at_1a0541_idx")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    def save(self, *args, **kwargs) -> None:
        if self.municipality_id is None:
            self.municipality = scoped_municipality()
        super().save(*args, **kwargs)

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

    # Subscribed to one municipality's consultations: the same address may follow several, each on its own.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, editable=False, related_name="+", verbose_name=_("municipality")
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=10, choices=language_choices, default="sq")
    # Never changed: the links in mail already sent keep working after the address subscribes again.
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = scoped_manager("municipality", SubscriberQuerySet)

    class Meta:
        db_table = "participation_subscriber"
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "email"], name="one_subscription_per_municipality_and_email"
            )
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        if self.municipality_id is None:
            self.municipality = scoped_municipality()
        super().save(*args, **kwargs)

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

    objects = scoped_manager("hearing__plan__municipality")

    class Meta:
        db_table = "participation_notifiedhearing"
        verbose_name = _("announced consultation")
        verbose_name_plural = _("announced consultations")
        ordering = ["-notified_at"]

    def __str__(self) -> str:
        return str(self.hearing)
