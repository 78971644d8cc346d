"""The scheduled jobs' last runs, for whoever looks after the server (superusers; no group holds the permission)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from web.admin_pages import ReadOnlyAdmin

from .models import ScheduledJob


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ReadOnlyAdmin):
    list_display = ("name", "last_started_at", "last_finished_at", "last_succeeded", "runs", "last_error")
    readonly_fields = list_display

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the worker recreates a missing row at once; deleting one only hides its history
