"""The staff side of the municipality: its details and look, and the staff accounts with their roles."""

from __future__ import annotations

from django import forms
from django.conf import settings
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
from .models import Membership, Municipality, SecondaryDomain, default_languages, default_official_languages


class SecondaryDomainInline(admin.TabularInline):
    model = SecondaryDomain
    extra = 0


class MunicipalityForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages offered"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=default_languages,
        help_text=Municipality._meta.get_field("languages").help_text,
    )
    official_languages = forms.MultipleChoiceField(
        label=_("official languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=default_official_languages,
        help_text=Municipality._meta.get_field("official_languages").help_text,
    )

    class Meta:
        model = Municipality
        fields = ("languages", "official_languages")  # the admin adds the rest from its fieldsets

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A form posted without the boxes (an older page, a script) keeps what the municipality has.
        for name in ("languages", "official_languages"):
            if name in self.fields:
                self.fields[name].required = False

    def clean_languages(self) -> list[str]:
        return self.cleaned_data["languages"] or self.instance.languages or default_languages()

    def clean_official_languages(self) -> list[str]:
        official = self.cleaned_data["official_languages"]
        return official or self.instance.official_languages or default_official_languages()


@admin.register(Municipality)
class MunicipalityAdmin(StoredFilesAdminMixin, PlainTextAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    """The operator (a superuser) adds municipalities and sets their domains; an officer edits their own."""

    form = MunicipalityForm

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        if request.user.is_superuser:
            # The platform operator manages every municipality, from any of their admins (a named way out).
            return Municipality._base_manager.all()
        return super().get_queryset(request).filter(pk=getattr(request.municipality, "pk", None))

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return () if request.user.is_superuser else ("slug", "domain", "illustrative")

    def get_inlines(self, request: HttpRequest, obj=None):
        return self.inlines if request.user.is_superuser else []

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The operator adds municipalities; in a new installation the first officer adds the first one.
        first = not Municipality._base_manager.exists()
        return request.user.is_superuser or (first and super().has_add_permission(request))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser

    list_display = ("name", "slug", "domain", "website")
    search_fields = ("name", "slug")
    # A municipality's site typed without a scheme is https (Django 6's default too).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [SecondaryDomainInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "illustrative")}),
        (_("Addresses"), {"fields": ("domain",)}),
        (_("Languages"), {"fields": ("languages", "official_languages", "default_language")}),
        (_("Contact"), {"fields": ("website", "consultations_url", "address", "email", "phone", "office_hours")}),
        (_("Appearance"), {"fields": ("state_line", "emblem", "primary_color")}),
        (_("Annual report"), {"fields": ("signatory_name", "signatory_title", "reference_prefix")}),
    )


User = get_user_model()
admin.site.unregister(User)


class MembershipInline(admin.TabularInline):
    """The person's roles: the officer gives one in their own municipality; the operator in any."""

    model = Membership
    fk_name = "user"
    extra = 0
    verbose_name = _("role in a municipality")
    verbose_name_plural = _("roles in municipalities")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request).select_related("municipality")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(municipality=request.municipality)

    def get_fields(self, request: HttpRequest, obj=None):
        return ("municipality", "role") if request.user.is_superuser else ("role",)

    def get_max_num(self, request: HttpRequest, obj=None, **kwargs):
        return None if request.user.is_superuser else 1


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Staff accounts. The consultation officer (not a superuser) creates and changes them, but
    may give only the two roles' groups and never superuser status or single permissions."""

    def _limited(self, request: HttpRequest) -> bool:
        return not request.user.is_superuser

    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if not self._limited(request):
            return queryset
        # The officer sees the staff of their own municipality only.
        return queryset.filter(is_superuser=False, memberships__municipality=request.municipality).distinct()

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._limited(request) or obj is None:
            return fieldsets
        # Roles are given per municipality below (Membership), not by group.
        hidden = {"is_superuser", "user_permissions", "groups"}
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

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        memberships = formset.save(commit=False)
        for membership in memberships:
            if self._limited(request) or membership.municipality_id is None:
                membership.municipality = request.municipality
            membership.save()
        for removed in formset.deleted_objects:
            removed.delete()

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        if roles.give_staff_status_with_role(user):
            messages.info(
                request,
                _("%(user)s may now sign in to the admin (staff status follows the role).")
                % {"user": user.get_username()},
            )
