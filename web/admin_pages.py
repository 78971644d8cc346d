"""Pieces every app's admin uses: the page between choosing an action and applying it, and naming objects."""

from __future__ import annotations

import logging

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.text import Truncator

from .storage import StorageFailure, failure_message, removed_on_failure
from .text_checks import validate_plain_text

logger = logging.getLogger(__name__)

INTERMEDIATE_TEMPLATE = "admin/intermediate_action.html"


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log staff may look at (and clear) but not write."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def intermediate_page(
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


def named(objects: list, text=str) -> str:
    """The objects as “beginning of their text” (#pk), for a message to staff."""
    return "; ".join(f"“{Truncator(text(obj)).chars(60)}” (#{obj.pk})" for obj in objects)


def invalid_objects_message(failures: list[tuple[object, ValidationError]]) -> str:
    """Each object with what is wrong with it, for a message to staff."""
    parts = []
    for obj, error in failures:
        texts = [str(message) for messages_ in error.message_dict.values() for message in messages_]
        parts.append(f"“{Truncator(str(obj)).chars(60)}” (#{obj.pk}): {' '.join(texts)}")
    return "; ".join(parts)


class PlainTextAdminMixin:
    """For every admin class and inline: text fields refuse NUL and bidirectional control characters."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(field, forms.CharField) and validate_plain_text not in field.validators:
            field.validators.append(validate_plain_text)
        return field


class LabelledInlineFormSet(forms.BaseInlineFormSet):
    """A tabular inline whose inputs carry their column's name: the table's headers label no input.

    Screen readers (and axe's "label" rule) need a name on each field of each row; the admin's
    tabular template gives the names only as column headers.
    """

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        """Django's fields (DELETE among them), each named by its label."""
        super().add_fields(form, index)
        for field in form.fields.values():
            if not field.widget.is_hidden and field.label:
                field.widget.attrs.setdefault("aria-label", str(field.label))


class StoredFilesAdminMixin:
    """A save whose uploads cannot be stored (full or read-only disk) shows the form again, nothing kept.

    The admin saves in one transaction, which rolls back; the files stored before the failure are
    deleted again (web.storage.removed_on_failure), and each newly chosen file gets the error.
    """

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None):
        try:
            with removed_on_failure(default_storage):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except StorageFailure as error:
            logger.error("Storing an upload failed: %s", error, exc_info=True)
            request.storage_failure = failure_message(error)
            for _name, uploads in request.FILES.lists():
                for upload in uploads:
                    upload.seek(0)  # read once already: the form checks it again from the start
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        failure = getattr(request, "storage_failure", None)
        if not failure:
            return form

        class RetryForm(form):
            def clean(self):
                cleaned_data = super().clean()
                for name in self.files:
                    if name in self.fields and isinstance(cleaned_data.get(name), UploadedFile):
                        self.add_error(name, ValidationError(failure, code="storage"))
                return cleaned_data

        return RetryForm
