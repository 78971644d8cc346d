"""Staff screens for mail and subscriptions: the outgoing queue, subscribers and announced consultations."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.admin_pages import ReadOnlyAdmin

from .mail import Outcome, send_pending_by_pk
from .models import NotifiedHearing, OutgoingMail, Subscriber


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject", "kind", "sent_at", "attempts", "dropped_reason")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter), "dropped_reason")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    readonly_fields = (
        "to",
        "subject",
        "body",
        "headers",
        "kind",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
        "dropped_at",
        "dropped_reason",
    )
    actions = ("send_now",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Try again to send the selected emails"), permissions=["change"])
    def send_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        pks = list(queryset.pending().values_list("pk", flat=True))

        def send() -> None:
            results = [send_pending_by_pk(pk) for pk in pks]
            counts = {
                outcome.value: results.count(outcome) for outcome in (Outcome.SENT, Outcome.FAILED, Outcome.DROPPED)
            }
            messages.info(
                request,
                gettext("Sent: %(sent)d. Failed again: %(failed)d. Dropped, no longer subscribed: %(dropped)d.")
                % counts,
            )

        # Sent once the request's transaction commits, so that no transaction waits on the mail server.
        # With ATOMIC_REQUESTS that happens as the view returns, before the messages are stored.
        transaction.on_commit(send, robust=True)


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "language", "created_at", "confirmed_at", "unsubscribed_at")
    list_filter = (
        "language",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("email",)
    readonly_fields = ("email", "language", "created_at", "confirmed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only the citizen subscribes, through the double opt-in


@admin.register(NotifiedHearing)
class NotifiedHearingAdmin(ReadOnlyAdmin):
    list_display = ("hearing", "notified_at", "recipients")
    list_select_related = ("hearing",)
