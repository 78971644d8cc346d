"""The staff side: the municipality, the plan, hearings with their documents, and the lookup lists.

Texts staff write are entered per language (modeltranslation's admin classes). Who may do
what comes from Django's model permissions, granted to the groups in roles.py. Apps above
this one add to these pages (register/admin.py puts a hearing's requests on its page).
"""

from __future__ import annotations

import logging

from django import forms
from django.contrib import admin, messages
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from municipalities import roles
from web.admin_pages import LabelledInlineFormSet, PlainTextAdminMixin
from web.storage import StorageFailure, failure_message, removed_on_failure
from web.text_checks import digits_or_none

from . import publishing
from .admin_forms import (
    ConsultationPlanAdminForm,
    HearingAdminForm,
    HearingAttendanceListForm,
    HearingDocumentAdminForm,
    missing_translations_message,
)
from .models import (
    AnnouncementChannel,
    ConsultationPlan,
    Directorate,
    Hearing,
    HearingDocument,
    Place,
)

logger = logging.getLogger(__name__)


@admin.register(Directorate)
class DirectorateAdmin(PlainTextAdminMixin, TranslationAdmin):
    list_display = ("name", "municipality")
    list_filter = ("municipality",)
    list_select_related = ("municipality",)
    search_fields = ("name",)


@admin.register(Place)
class PlaceAdmin(PlainTextAdminMixin, TranslationAdmin):
    list_display = ("name", "kind", "municipality")
    list_filter = ("kind", "municipality")
    list_select_related = ("municipality",)
    search_fields = ("name", "address")


@admin.register(AnnouncementChannel)
class AnnouncementChannelAdmin(PlainTextAdminMixin, TranslationAdmin):
    list_display = ("name", "code", "position")
    search_fields = ("name", "code")


@admin.register(ConsultationPlan)
class ConsultationPlanAdmin(PlainTextAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    form = ConsultationPlanAdminForm
    list_display = ("year", "municipality", "status", "start_date", "end_date", "responsible_officer_name")
    list_display_links = ("year",)
    list_filter = ("status", "municipality")
    list_select_related = ("municipality",)
    search_fields = ("purpose", "responsible_officer_name")
    readonly_fields = ("published_at", "created_at", "updated_at")
    raw_id_fields = ("responsible_officer",)

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple[str, ...]:
        """The status (draft or published) is read-only for those who may not publish the plan."""
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.has_perm(roles.PUBLISH_PLAN) else (*fields, "status")

    # The order of the municipality's own plan form, so the officer recognises it.
    fieldsets = (
        (None, {"fields": ("municipality", "year", "status")}),
        (
            _("Participants and budget"),
            {"fields": ("participants", "budget")},
        ),
        (
            _("Purpose and objectives"),
            {"fields": ("purpose", "process_holders", "objectives", "others_involved")},
        ),
        (
            _("Key issues and actors"),
            {"fields": ("key_issues", "internal_actors", "external_actors", "communication_media")},
        ),
        (
            _("Information and expected results"),
            {"fields": ("information_material", "inclusion_strategies", "expected_results", "information_expected")},
        ),
        (
            _("Reporting and methods"),
            {
                "fields": (
                    ("reporting_verbal", "reporting_written"),
                    ("methods_verbal", "methods_written"),
                    "evaluation_areas",
                )
            },
        ),
        (
            _("Consultation process"),
            {"fields": ("start_date", "end_date", "responsible_officer_name", "responsible_officer")},
        ),
        (_("Record"), {"fields": ("published_at", "created_at", "updated_at"), "classes": ("collapse",)}),
    )


class YearListFilter(admin.SimpleListFilter):
    """Hearings by the year of their plan."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[int, str]]:
        years = ConsultationPlan.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(year, str(year)) for year in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = digits_or_none(self.value(), maximum=9999)
        if value is not None:
            return queryset.filter(plan__year=value)
        return queryset


class HearingDocumentInline(PlainTextAdminMixin, TranslationTabularInline):
    model = HearingDocument
    form = HearingDocumentAdminForm
    formset = LabelledInlineFormSet
    extra = 0
    fields = ("title", "file", "size", "uploaded_at")
    readonly_fields = ("size", "uploaded_at")

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        failure = getattr(request, "document_storage_failure", None)
        if failure:
            kwargs["form"] = type("HearingDocumentRetryForm", (self.form,), {"storage_failure": failure})
        return super().get_formset(request, obj, **kwargs)


@admin.register(Hearing)
class HearingAdmin(PlainTextAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    form = HearingAdminForm
    # Apps above add their own: the register adds the hearing's requests (register/admin.py).
    inlines = (HearingDocumentInline,)
    list_display = (
        "title",
        "starts_at",
        "place",
        "method",
        "status",
        "is_published",
        "women",
        "men",
        "total",
    )
    # Attendance from the sign-in sheets, row by row; HearingAttendanceListForm allows it on held hearings only.
    list_editable = ("women", "men")
    list_filter = (YearListFilter, "method", "status", "place", "directorate", "is_published")
    list_select_related = ("plan", "place", "directorate")
    search_fields = ("title", "topic", "summary")
    date_hierarchy = "starts_at"
    readonly_fields = ("total", "slug", "published_at", "created_at", "updated_at")
    actions = ("publish_selected", "unpublish_selected")
    fieldsets = (
        (None, {"fields": ("plan", "title", "topic", "directorate", "method", "status", "is_published")}),
        (_("When and where"), {"fields": ("starts_at", "ends_at", "place")}),
        (_("Announcement"), {"fields": ("announced_via", "announced_on")}),
        (_("Attendance"), {"fields": (("women", "men"), "total")}),
        (_("Summary / minutes"), {"fields": ("summary",)}),
        (_("Record"), {"fields": ("slug", "published_at", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None):
        # A full or read-only disk fails the save after validation: the save is rolled back with
        # every file it stored, and the same form comes back with the error on the file field.
        try:
            with removed_on_failure(default_storage):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except StorageFailure as error:
            logger.error("Storing a document failed: %s", error, exc_info=True)
            request.document_storage_failure = failure_message(error)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        """Whether the user may publish or unpublish consultations (the actions below ask this)."""
        return request.user.has_perm(roles.PUBLISH_HEARING)

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple[str, ...]:
        """ "Published" is read-only for those who prepare consultations but may not publish them."""
        fields = super().get_readonly_fields(request, obj)
        return fields if self.has_publish_permission(request) else (*fields, "is_published")

    @admin.action(description=_("Publish the selected consultations"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        outcome = publishing.publish_hearings(queryset)
        if outcome.published:
            count = len(outcome.published)
            messages.success(
                request,
                ngettext("%(count)d consultation was published.", "%(count)d consultations were published.", count)
                % {"count": count},
            )
        for hearing, missing in outcome.refused:
            messages.error(request, f"“{hearing}”: {missing_translations_message(missing)}")

    @admin.action(description=_("Unpublish the selected consultations"), permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = len(publishing.unpublish_hearings(queryset))
        messages.success(
            request,
            ngettext("%(count)d consultation was unpublished.", "%(count)d consultations were unpublished.", count)
            % {"count": count},
        )

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # Django's date hierarchy turns ?starts_at__year=99999999999 into an OverflowError (a 500);
        # send such an address to the admin's own "invalid filter" page (?e=1) like other bad filters.
        for part in ("year", "month", "day"):
            value = request.GET.get(f"{self.date_hierarchy}__{part}")
            if value is not None and not (digits_or_none(value, maximum=9999) or 0) >= 1:
                return HttpResponseRedirect(f"{request.path}?e=1")
        return super().changelist_view(request, extra_context)

    def get_changelist_form(self, request: HttpRequest, **kwargs):
        kwargs.setdefault("form", HearingAttendanceListForm)
        return super().get_changelist_form(request, **kwargs)

    @admin.display(description=_("total"))
    def total(self, hearing: Hearing) -> int | None:
        """Women plus men, computed for the row; never stored. A dash until attendance is recorded."""
        total = hearing.total_attendance
        return "—" if total is None else total

    def formfield_for_manytomany(self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs):
        if db_field.name == "announced_via":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)
