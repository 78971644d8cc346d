"""Staff screens: the register of requests, the moderation queue, and the logs of refusals and mail."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from consultations.models import CitizenRequest

from .answers import ANSWER_FIELDS, already_emailed_warning, email_answer_once
from .forms import AnswerRequestsForm, CitizenRequestAdminForm, RejectCommentsForm
from .mail import Outcome, send_pending_by_pk
from .models import Comment, NotifiedHearing, OutgoingMail, Refusal, Subscriber

INTERMEDIATE_TEMPLATE = "admin/participation/intermediate_action.html"


def _intermediate_page(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    action: str,
    form,
    title: str,
    submit_label: str,
) -> TemplateResponse:
    """The page between choosing an action and applying it, with the form the action needs."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "objects": list(queryset),
        "form": form,
        "action": action,
        "submit_label": submit_label,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, INTERMEDIATE_TEMPLATE, context)


def _named(objects: list, text=str) -> str:
    """The objects as “beginning of their text” (#pk), for a message to staff."""
    return "; ".join(f"“{Truncator(text(obj)).chars(60)}” (#{obj.pk})" for obj in objects)


def _invalid_objects_message(failures: list[tuple[object, ValidationError]]) -> str:
    parts = []
    for obj, error in failures:
        texts = [str(message) for messages_ in error.message_dict.values() for message in messages_]
        parts.append(f"“{Truncator(str(obj)).chars(60)}” (#{obj.pk}): {' '.join(texts)}")
    return "; ".join(parts)


# --- The register of requests ------------------------------------------------------------


class ReceivedYearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        years = model_admin.get_queryset(request).dates("received_on", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value and value.isdigit():
            return queryset.in_year(int(value))
        return queryset


@admin.register(CitizenRequest)
class CitizenRequestAdmin(admin.ModelAdmin):
    list_display = (
        "received_on",
        "topic_or_text",
        "hearing",
        "directorate",
        "status",
        "answered_via",
        "answered_on",
        "is_public",
    )
    list_filter = ("status", "answered_via", "received_via", "directorate", ReceivedYearFilter)
    search_fields = ("topic", "text", "answer", "citizen_name", "citizen_email", "hearing__title")
    date_hierarchy = "received_on"
    list_select_related = ("hearing", "directorate")
    list_per_page = 50
    readonly_fields = ("answer_emailed_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("hearing", "received_via", "received_on", "topic", "text", "directorate")}),
        (_("Citizen"), {"fields": ("citizen_name", "citizen_email")}),
        (
            _("Answer"),
            {
                "fields": (
                    "status",
                    "answer",
                    "answered_via",
                    "answered_on",
                    "rejection_reason",
                    "is_public",
                    "answer_emailed_at",
                )
            },
        ),
        (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    actions = ("answer_with_same_text", "publish_selected", "unpublish_selected")
    form = CitizenRequestAdminForm

    @admin.display(description=_("topic"), ordering="topic")
    def topic_or_text(self, obj: CitizenRequest) -> str:
        return str(obj)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Read from the database when the form was posted: includes an answer another officer emailed meanwhile.
        emailed_before = form.instance.answer_emailed_at
        email_answer_once(form.instance)
        if change and emailed_before and ANSWER_FIELDS.intersection(form.changed_data):
            messages.warning(request, already_emailed_warning(emailed_before))

    @admin.action(description=_("Answer the selected requests with the same text"), permissions=["change"])
    def answer_with_same_text(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form = AnswerRequestsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid() and answer_requests(request, list(queryset), form.cleaned_data):
            return None
        return _intermediate_page(
            self,
            request,
            queryset,
            action="answer_with_same_text",
            form=form,
            title=gettext("Answer the selected requests with the same text"),
            submit_label=gettext("Answer these requests"),
        )

    @admin.action(description=_("Publish the selected requests with their answers"), permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        set_public(request, list(queryset), True)

    @admin.action(description=_("Unpublish the selected requests"), permissions=["change"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        set_public(request, list(queryset), False)


def _validate_all(objects: list, apply) -> list[tuple[object, ValidationError]]:
    failures = []
    for obj in objects:
        apply(obj)
        try:
            obj.full_clean()
        except ValidationError as error:
            failures.append((obj, error))
    return failures


def answer_requests(request: HttpRequest, requests: list[CitizenRequest], data: dict) -> bool:
    """Give the same answer to every open request, or to none when any breaks the register's rules.

    Requests that already have an answer are skipped, never overwritten, and named to the staff member.
    """

    def apply(obj: CitizenRequest) -> None:
        obj.status = data["status"]
        obj.answered_via = data["answered_via"]
        obj.answered_on = data["answered_on"]
        obj.answer = data["answer"]
        obj.rejection_reason = data["rejection_reason"] if data["status"] == CitizenRequest.Status.REJECTED else ""

    fields = ["status", "answered_via", "answered_on", "answer", "rejection_reason", "updated_at"]
    with transaction.atomic():
        # Locked and read again: a request someone answered since the list was shown is skipped too.
        current = CitizenRequest.objects.select_for_update().order_by("pk").in_bulk([obj.pk for obj in requests])
        chosen = [current[obj.pk] for obj in requests if obj.pk in current]
        to_answer = [obj for obj in chosen if not obj.is_answered]
        skipped = [obj for obj in chosen if obj.is_answered]
        failures = _validate_all(to_answer, apply)
        if failures:
            messages.error(
                request,
                gettext("No request was answered, because these cannot take this answer: %(list)s")
                % {"list": _invalid_objects_message(failures)},
            )
            return False
        for obj in to_answer:
            obj.save(update_fields=fields)
        for obj in to_answer:
            email_answer_once(obj)  # the mail itself leaves after the commit
    if to_answer:
        messages.success(
            request,
            ngettext("%(count)d request was answered.", "%(count)d requests were answered.", len(to_answer))
            % {"count": len(to_answer)},
        )
    if skipped:
        messages.warning(
            request,
            gettext("Skipped, already answered (their answers were kept): %(list)s") % {"list": _named(skipped)},
        )
    return True


def set_public(request: HttpRequest, requests: list[CitizenRequest], public: bool) -> None:
    """Publish or unpublish requests with their answers, if each still meets the register's rules."""

    def apply(obj: CitizenRequest) -> None:
        obj.is_public = public

    if public:
        from_hidden = set(Comment.objects.hidden().filter(request__in=requests).values_list("request_id", flat=True))
        if from_hidden:
            messages.error(
                request,
                gettext(
                    "Nothing was published, because these requests come from comments that were rejected or "
                    "marked as spam: %(list)s"
                )
                % {"list": _named([obj for obj in requests if obj.pk in from_hidden])},
            )
            return
    failures = _validate_all(requests, apply)
    if failures:
        messages.error(
            request,
            gettext("Nothing was changed, because these requests break the register's rules: %(list)s")
            % {"list": _invalid_objects_message(failures)},
        )
        return
    with transaction.atomic():
        for obj in requests:
            obj.save(update_fields=["is_public", "updated_at"])
    if public:
        text = ngettext("%(count)d request was published.", "%(count)d requests were published.", len(requests))
    else:
        text = ngettext("%(count)d request was unpublished.", "%(count)d requests were unpublished.", len(requests))
    messages.success(request, text % {"count": len(requests)})


# --- Comments: the moderation queue ----------------------------------------------------------


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
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
        return self.has_change_permission(request) and request.user.has_perm("consultations.add_citizenrequest")

    def save_model(self, request: HttpRequest, obj: Comment, form, change: bool) -> None:
        if "status" in form.changed_data or "rejection_reason" in form.changed_data:
            obj.moderated_at = timezone.now()
            obj.moderated_by = request.user
        super().save_model(request, obj, form, change)

    def _moderate(self, request: HttpRequest, queryset: QuerySet, status: str, reason: str = "") -> int:
        comments = list(queryset)
        for comment in comments:
            comment.moderate(status, request.user, reason)
        return len(comments)

    @admin.action(description=_("Publish the selected comments"), permissions=["change"])
    def publish_comments(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = self._moderate(request, queryset, Comment.Status.PUBLISHED)
        messages.success(
            request,
            ngettext("%(count)d comment was published.", "%(count)d comments were published.", count)
            % {"count": count},
        )

    @admin.action(description=_("Reject the selected comments, giving a reason"), permissions=["change"])
    def reject_comments(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form = RejectCommentsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = self._moderate(request, queryset, Comment.Status.REJECTED, form.cleaned_data["reason"])
            messages.success(
                request,
                ngettext("%(count)d comment was rejected.", "%(count)d comments were rejected.", count)
                % {"count": count},
            )
            return None
        return _intermediate_page(
            self,
            request,
            queryset,
            action="reject_comments",
            form=form,
            title=gettext("Reject the selected comments"),
            submit_label=gettext("Reject these comments"),
        )

    @admin.action(description=_("Mark the selected comments as spam"), permissions=["change"])
    def mark_as_spam(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = self._moderate(request, queryset, Comment.Status.SPAM)
        messages.success(
            request,
            ngettext("%(count)d comment was marked as spam.", "%(count)d comments were marked as spam.", count)
            % {"count": count},
        )

    @admin.action(description=_("Turn the selected comments into requests"), permissions=["turn_into_request"])
    def turn_into_request(self, request: HttpRequest, queryset: QuerySet) -> None:
        created, skipped = turn_comments_into_requests(list(queryset.select_related("hearing")))
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
                gettext("Skipped, already a request: %(list)s") % {"list": _named(already, lambda c: c.body)},
            )
        if hidden:
            messages.warning(
                request,
                gettext("Skipped, because the comment was rejected or marked as spam: %(list)s")
                % {"list": _named(hidden, lambda c: c.body)},
            )


def turn_comments_into_requests(comments: list[Comment]) -> tuple[list[CitizenRequest], list[Comment]]:
    """Create one register entry per comment not turned yet and not rejected or spam; returns (created, skipped)."""
    created: list[CitizenRequest] = []
    skipped: list[Comment] = []
    for comment in comments:
        if comment.request_id or comment.status in Comment.HIDDEN_STATUSES:
            skipped.append(comment)
            continue
        with transaction.atomic():
            citizen_request = CitizenRequest.objects.create(
                hearing=comment.hearing,
                received_via=CitizenRequest.Received.ONLINE,
                received_on=timezone.localdate(comment.created_at),
                directorate=comment.hearing.directorate,
                text=comment.body,
                citizen_name=comment.name,
                citizen_email=comment.email,
            )
            # Conditional, so that two staff members pressing at once create one request.
            linked = Comment.objects.filter(pk=comment.pk, request__isnull=True).update(request=citizen_request)
            if not linked:
                transaction.set_rollback(True)
                skipped.append(comment)
                continue
        comment.request = citizen_request
        created.append(citizen_request)
    return created, skipped


# --- Logs ---------------------------------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log staff may look at (and clear) but not write."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Refusal)
class RefusalAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "reason", "hearing", "short_hash", "path")
    list_filter = ("reason",)
    date_hierarchy = "created_at"
    list_select_related = ("hearing",)

    @admin.display(description=_("address (salted hash)"))
    def short_hash(self, obj: Refusal) -> str:
        return obj.client_hash[:12]


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
