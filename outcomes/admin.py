"""The published reports of consultations, read-only: a version is made by publishing, never edited."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import ConsultationReport


@admin.register(ConsultationReport)
class ConsultationReportAdmin(admin.ModelAdmin):
    list_display = ("hearing", "version", "published_at", "published_by_name", "notified", "staff_page")
    list_select_related = ("hearing",)
    search_fields = ("hearing__title",)
    date_hierarchy = "published_at"
    fields = ("hearing", "version", "published_at", "published_by_name", "reason", "notified", "staff_page")
    readonly_fields = fields

    @admin.display(description=_("Responses and report"))
    def staff_page(self, obj: ConsultationReport) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("outcomes:staff-report", args=[obj.hearing_id]), _("Responses and report")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
