"""The staff side of the municipality: its details and look, and the staff accounts with their roles."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from web.admin_pages import PlainTextAdminMixin, StoredFilesAdminMixin

from . import roles
from .models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(StoredFilesAdminMixin, PlainTextAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("name", "slug", "website")
    search_fields = ("name", "slug")
    # A municipality's site typed without a scheme is https (Django 6's default too).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("name", "slug")}),
        (_("Contact"), {"fields": ("website", "consultations_url", "address", "email", "phone", "office_hours")}),
        (_("Appearance"), {"fields": ("state_line", "emblem", "primary_color")}),
        (_("Annual report"), {"fields": ("signatory_name", "signatory_title", "reference_prefix")}),
    )


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Staff accounts. The consultation officer (not a superuser) creates and changes them, but
    may give only the two roles' groups and never superuser status or single permissions."""

    def _limited(self, request: HttpRequest) -> bool:
        return not request.user.is_superuser

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        return queryset.filter(is_superuser=False) if self._limited(request) else queryset

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._limited(request) or obj is None:
            return fieldsets
        hidden = {"is_superuser", "user_permissions"}
        return [
            (name, {**options, "fields": tuple(field for field in options["fields"] if field not in hidden)})
            for name, options in fieldsets
        ]

    def formfield_for_manytomany(self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs):
        if db_field.name == "groups" and self._limited(request):
            kwargs["queryset"] = Group.objects.filter(name__in=roles.ROLES)
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = roles.group_label
        return field

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        if roles.give_staff_status_with_role(user):
            messages.info(
                request,
                _("%(user)s may now sign in to the admin (staff status follows the role).")
                % {"user": user.get_username()},
            )
