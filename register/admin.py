"""The register of requests in the admin: its own list and pages, and the requests on a hearing's page.

Only wiring: each action and save hook calls one function of register.answers and turns its
outcome into messages for the staff member.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from consultations.models import Hearing
from web.admin_pages import PlainTextAdminMixin, intermediate_page, invalid_objects_message, named
from web.text_checks import digits_or_none

from . import answers
from .forms import REQUEST_FIELDSETS, AnswerRequestsForm, CitizenRequestAdminForm
from .models import CitizenRequest


class ReceivedYearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        years = model_admin.get_queryset(request).dates("received_on", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = digits_or_none(self.value(), maximum=9999)
        if value is not None:
            return queryset.in_year(value)
        return queryset


def report_outcome(request: HttpRequest, outcome: answers.Outcome, success: str) -> None:
    """Tell the staff member what an operation on several requests did."""
    if outcome.withheld:
        messages.error(
            request,
            gettext(
                "Nothing was published, because these requests come from comments that were rejected or "
                "marked as spam: %(list)s"
            )
            % {"list": named(outcome.withheld)},
        )
        return
    if outcome.invalid:
        messages.error(
            request,
            gettext("Nothing was changed, because these requests break the register's rules: %(list)s")
            % {"list": invalid_objects_message(outcome.invalid)},
        )
        return
    if outcome.changed:
        messages.success(request, success % {"count": len(outcome.changed)})


@admin.register(CitizenRequest)
class CitizenRequestAdmin(PlainTextAdminMixin, admin.ModelAdmin):
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
    readonly_fields = ("withheld", "answer_emailed_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("hearing", *REQUEST_FIELDSETS[0][1])}),
        *((title, {"fields": fields}) for title, fields in REQUEST_FIELDSETS[1:-1]),
        (REQUEST_FIELDSETS[-1][0], {"fields": (*REQUEST_FIELDSETS[-1][1], "withheld", "answer_emailed_at")}),
        (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    actions = ("answer_with_same_text", "publish_selected", "unpublish_selected")
    form = CitizenRequestAdminForm

    @admin.display(description=_("topic"), ordering="topic")
    def topic_or_text(self, obj: CitizenRequest) -> str:
        return str(obj)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        warning = answers.answer_recorded(form.instance, form.changed_data if change else ())
        if warning:
            messages.warning(request, warning)

    @admin.action(description=_("Answer the selected requests with the same text"), permissions=["change"])
    def answer_with_same_text(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form = AnswerRequestsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            outcome = answers.answer_several(list(queryset), form.cleaned_data)
            if outcome.invalid:
                messages.error(
                    request,
                    gettext("No request was answered, because these cannot take this answer: %(list)s")
                    % {"list": invalid_objects_message(outcome.invalid)},
                )
            else:
                if outcome.changed:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d request was answered.", "%(count)d requests were answered.", len(outcome.changed)
                        )
                        % {"count": len(outcome.changed)},
                    )
                if outcome.skipped:
                    messages.warning(
                        request,
                        gettext("Skipped, already answered (their answers were kept): %(list)s")
                        % {"list": named(outcome.skipped)},
                    )
                return None
        return intermediate_page(
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
        requests = list(queryset)
        outcome = answers.set_public(requests, True)
        text = ngettext("%(count)d request was published.", "%(count)d requests were published.", len(requests))
        report_outcome(request, outcome, text)

    @admin.action(description=_("Unpublish the selected requests"), permissions=["change"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        requests = list(queryset)
        outcome = answers.set_public(requests, False)
        text = ngettext("%(count)d request was unpublished.", "%(count)d requests were unpublished.", len(requests))
        report_outcome(request, outcome, text)


class CitizenRequestFormSet(BaseInlineFormSet):
    """The requests on a hearing's page: each answer recorded is emailed once, as on the request's own page."""

    request: HttpRequest | None = None

    def save(self, commit: bool = True) -> list[CitizenRequest]:
        changed = {form.instance.pk: form.changed_data for form in self.forms if form.instance.pk}
        saved = super().save(commit)
        for citizen_request in saved:
            warning = answers.answer_recorded(citizen_request, changed.get(citizen_request.pk, ()))
            if warning and self.request is not None:
                messages.warning(self.request, warning)
        return saved


class CitizenRequestInline(PlainTextAdminMixin, admin.StackedInline):
    model = CitizenRequest
    form = CitizenRequestAdminForm
    formset = CitizenRequestFormSet
    extra = 0
    # Every field CitizenRequest.clean() speaks about is here, so its errors land on a field.
    fields = (*(item for _title, fields in REQUEST_FIELDSETS for item in fields), "answer_emailed_at")
    readonly_fields = ("answer_emailed_at",)

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The formset tells this staff member when an emailed answer changed.
        return type(formset.__name__, (formset,), {"request": request})


# A hearing's page lists its requests: the register adds them to the consultations' own admin,
# which knows nothing of the register (apps depend one way).
_hearing_admin = admin.site.get_model_admin(Hearing)
_hearing_admin.inlines = (*_hearing_admin.inlines, CitizenRequestInline)
