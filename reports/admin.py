"""The annual report in the admin: publishing from the plan, and the published versions.

`reports` sits above `consultations`, so the plan's admin cannot know about reports.
Instead this module takes the plan admin that `consultations` registered and registers a
subclass of it with one more action ("Publish the annual report"), a publish page with
the reason and the year-in-progress confirmation, and a box on the plan's change page
listing the figures that differ from the latest published version. consultations/admin.py
stays free of any report code; the operation itself is `reports.publishing.publish`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.models import ConsultationPlan
from web.text_checks import validate_plain_text

from .models import PublishedReport, PublishedReportFile
from .publishing import (
    PublishRefused,
    can_publish,
    changes_since_publication,
    latest_publication,
    request_publication,
    year_has_ended,
)
from .summary import PlanNotFound


class PublishForm(forms.Form):
    """The reason for a new version and the confirmation for a year in progress."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the new version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_plain_text],
        help_text=gettext_lazy(
            "Required from version 2 on, e.g. “corrects version 1: attendance of the Gurrakoc hearing was 19, not 21”."
        ),
    )
    allow_incomplete_year = forms.BooleanField(
        label=gettext_lazy("Publish although the year has not ended"),
        required=False,
        help_text=gettext_lazy("Recorded on the version and shown on the public page."),
    )


PlanAdminBase = type(admin.site._registry[ConsultationPlan])


class PublishingPlanAdmin(PlanAdminBase):
    """The plan's admin as consultations defines it, plus publishing its annual report."""

    change_form_template = "admin/reports/plan_change_form.html"
    actions = [*(PlanAdminBase.actions or ()), "publish_annual_report"]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish(request.user)

    @admin.action(description=gettext_lazy("Publish the annual report"), permissions=["publish"])
    def publish_annual_report(self, request: HttpRequest, queryset) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one plan to publish its report."), messages.ERROR)
            return None
        return HttpResponseRedirect(reverse("admin:reports_publish_report", args=[queryset.get().pk]))

    def get_urls(self):
        extra = [
            path(
                "<int:object_id>/publish-report/",
                self.admin_site.admin_view(self.publish_view),
                name="reports_publish_report",
            )
        ]
        return extra + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._report_status(request, object_id)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _report_status(self, request: HttpRequest, object_id) -> dict:
        plan = ConsultationPlan.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        if plan is None:
            return {}
        try:
            changes = changes_since_publication(plan.year, plan.municipality)
        except PlanNotFound:
            return {}
        return {
            "report_changes": changes,
            "report_publication": latest_publication(plan.municipality, plan.year),
            "may_publish_report": can_publish(request.user),
            "publish_report_url": reverse("admin:reports_publish_report", args=[plan.pk]),
        }

    def publish_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Show what would be published and publish it on POST; a refusal is shown on the form."""
        if not can_publish(request.user):
            raise PermissionDenied
        plan = get_object_or_404(ConsultationPlan.objects.select_related("municipality"), pk=object_id)
        form = PublishForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                request_publication(
                    plan.year,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    allow_incomplete_year=form.cleaned_data["allow_incomplete_year"],
                    municipality=plan.municipality,
                )
            except PublishRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                # The PDFs of every language are rendered by the task worker; the plan's page shows the outcome.
                self.message_user(
                    request,
                    _("The %(year)s report is being published; reload this page in a minute to see the version.")
                    % {"year": plan.year},
                    messages.INFO,
                )
                return HttpResponseRedirect(reverse("admin:consultations_consultationplan_change", args=[plan.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "plan": plan,
            "form": form,
            "title": _("Publish the annual report %(year)s") % {"year": plan.year},
            "report_changes": changes_since_publication(plan.year, plan.municipality),
            "year_in_progress": not year_has_ended(plan.year),
        }
        return TemplateResponse(request, "admin/reports/publish_report.html", context)


admin.site.unregister(ConsultationPlan)
admin.site.register(ConsultationPlan, PublishingPlanAdmin)


class PublishedReportFileInline(admin.TabularInline):
    model = PublishedReportFile
    fields = ("language", "file", "sha256", "size")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PublishedReport)
class PublishedReportAdmin(admin.ModelAdmin):
    """Published versions, read only: a correction is a new version, never an edit."""

    list_display = ("year", "version", "municipality", "published_at", "published_by_name", "reason")
    list_filter = ("year", "municipality")
    fields = ("municipality", "year", "version", "published_at", "published_by_name", "reason", "allow_incomplete_year")
    readonly_fields = fields
    inlines = [PublishedReportFileInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
