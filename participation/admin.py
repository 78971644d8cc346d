"""Staff screens for citizens' participation: the moderation queue and the log of refused submissions.

Only wiring: the actions call participation.moderation, which also withholds a rejected comment's request.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from web.admin_pages import PlainTextAdminMixin, ReadOnlyAdmin, intermediate_page, named

from . import moderation
from .forms import RejectCommentsForm
from .models import Comment, Refusal


@admin.register(Comment)
class CommentAdmin(PlainTextAdminMixin, SimpleHistoryAdmin):
    list_display = ("created_at", "short_body", "hearing", "status", "public_name", "local_community", "request")
    list_filter = ("status", "hearing", "language")
    search_fields = ("body", "name", "email")
    date_hierarchy = "created_at"
    list_select_related = ("hearing", "local_community", "request")
    # Status codes sort pending first (see Comment.Status): the queue starts with what waits.
    ordering = ("status", "-created_at")
    fields = (
        "hearing",
        "created_at",
        "body",
        "name",
        "show_name",
        "email",
        "local_community",
        "language",
        "consent",
        "status",
        "rejection_reason",
        "rejection_emailed_at",
        "moderated_at",
        "moderated_by",
        "request",
    )
    readonly_fields = (
        "hearing",
        "created_at",
        "body",
        "name",
        "show_name",
        "email",
        "local_community",
        "language",
        "consent",
        "rejection_emailed_at",
        "moderated_at",
        "moderated_by",
        "request",
    )
    actions = ("publish_comments", "reject_comments", "mark_as_spam", "turn_into_request")

    @admin.display(description=_("comment"))
    def short_body(self, obj: Comment) -> str:
        return Truncator(obj.body).chars(80)

    @admin.display(description=_("name shown"))
    def public_name(self, obj: Comment) -> str:
        return obj.public_name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # comments come from citizens through the portal

    def has_turn_into_request_permission(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request) and request.user.has_perm("register.add_citizenrequest")

    def save_model(self, request: HttpRequest, obj: Comment, form, change: bool) -> None:
        moderation.record_edit(obj, request.user, form.changed_data)
        super().save_model(request, obj, form, change)
        moderation.email_rejection_once(obj)

    def _moderate(self, request: HttpRequest, queryset, status: str, reason: str = "") -> int:
        return moderation.moderate(list(queryset), status, request.user, reason)

    @admin.action(description=_("Publish the selected comments"), permissions=["change"])
    def publish_comments(self, request: HttpRequest, queryset) -> None:
        count = self._moderate(request, queryset, Comment.Status.PUBLISHED)
        messages.success(
            request,
            ngettext("%(count)d comment was published.", "%(count)d comments were published.", count)
            % {"count": count},
        )

    @admin.action(description=_("Reject the selected comments, giving a reason"), permissions=["change"])
    def reject_comments(self, request: HttpRequest, queryset) -> HttpResponse | None:
        form = RejectCommentsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = self._moderate(request, queryset, Comment.Status.REJECTED, form.cleaned_data["reason"])
            messages.success(
                request,
                ngettext("%(count)d comment was rejected.", "%(count)d comments were rejected.", count)
                % {"count": count},
            )
            return None
        return intermediate_page(
            self,
            request,
            queryset,
            action="reject_comments",
            form=form,
            title=gettext("Reject the selected comments"),
            submit_label=gettext("Reject these comments"),
        )

    @admin.action(description=_("Mark the selected comments as spam"), permissions=["change"])
    def mark_as_spam(self, request: HttpRequest, queryset) -> None:
        count = self._moderate(request, queryset, Comment.Status.SPAM)
        messages.success(
            request,
            ngettext("%(count)d comment was marked as spam.", "%(count)d comments were marked as spam.", count)
            % {"count": count},
        )

    @admin.action(description=_("Turn the selected comments into requests"), permissions=["turn_into_request"])
    def turn_into_request(self, request: HttpRequest, queryset) -> None:
        created, skipped = moderation.turn_into_requests(list(queryset.select_related("hearing")))
        hidden = [comment for comment in skipped if comment.status in Comment.HIDDEN_STATUSES]
        already = [comment for comment in skipped if comment.status not in Comment.HIDDEN_STATUSES]
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)d comment was turned into a request in the register.",
                    "%(count)d comments were turned into requests in the register.",
                    len(created),
                )
                % {"count": len(created)},
            )
        if already:
            messages.warning(
                request,
                gettext("Skipped, already a request: %(list)s") % {"list": named(already, lambda c: c.body)},
            )
        if hidden:
            messages.warning(
                request,
                gettext("Skipped, because the comment was rejected or marked as spam: %(list)s")
                % {"list": named(hidden, lambda c: c.body)},
            )


@admin.register(Refusal)
class RefusalAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "reason", "count", "hearing", "short_hash", "path")
    list_filter = ("reason",)
    date_hierarchy = "created_at"
    list_select_related = ("hearing",)

    @admin.display(description=_("address (salted hash)"))
    def short_hash(self, obj: Refusal) -> str:
        return obj.client_hash[:12]
