"""Staff screens for mail and subscriptions: the outgoing queue, subscribers and announced consultations."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from web.admin_pages import PlainTextAdminMixin, ReadOnlyAdmin

from .models import NotifiedHearing, OutgoingMail, Subscriber
from .sending import send_soon


@admin.register(OutgoingMail)
class OutgoingMailAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "to", "subject", "kind", "sent_at", "attempts", "dropped_reason")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter), "dropped_reason")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    exclude = ("body",)  # shown read-only as shown_body, which hides a reset link
    readonly_fields = (
        "to",
        "subject",
        "shown_body",
        "headers",
        "kind",
        "created_at",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "last_error",
        "dropped_at",
        "dropped_reason",
    )
    actions = ("send_now",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("body"))
    def shown_body(self, mail: OutgoingMail) -> str:
        # A reset link opens a staff account: whoever reads the queue must not be able to use it.
        if mail.kind == OutgoingMail.Kind.PASSWORD_RESET:
            return gettext("(a password-reset link, not shown)")
        return mail.body

    @admin.action(description=_("Try again to send the selected emails"), permissions=["change"])
    def send_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        pks = list(queryset.pending().values_list("pk", flat=True))
        # The worker sends them with its usual rules (one connection, 5xx not retried, attempts counted),
        # without waiting for their back-off; the page never waits for the mail server.
        send_soon(pks, ignore_backoff=True)
        messages.info(
            request,
            ngettext(
                "%(count)d email will be sent by the worker in a moment; reload this page to see it sent.",
                "%(count)d emails will be sent by the worker in a moment; reload this page to see them sent.",
                len(pks),
            )
            % {"count": len(pks)},
        )


@admin.register(Subscriber)
class SubscriberAdmin(PlainTextAdminMixin, admin.ModelAdmin):
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
