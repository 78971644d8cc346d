"""The published national reports in the admin: read only (versions come from `publish_national_report`)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import NationalReport, NationalReportFile


class NationalReportFileInline(admin.TabularInline):
    model = NationalReportFile
    fields = ("language", "file", "sha256", "size")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(NationalReport)
class NationalReportAdmin(admin.ModelAdmin):
    list_display = ("year", "version", "published_at", "published_by_name", "reason")
    list_filter = ("year",)
    fields = ("year", "version", "published_at", "published_by_name", "reason")
    readonly_fields = fields
    inlines = [NationalReportFileInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a version is published with manage.py publish_national_report, never typed in

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
