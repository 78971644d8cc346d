"""Forms behind the staff admin: publication rules, one plan a year, safe document uploads."""

from __future__ import annotations

import copy

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from web.text_checks import has_forbidden_characters

from .models import ConsultationPlan, Hearing, HearingDocument

# The first bytes each allowed type starts with; a renamed program or script fails this.
_ZIP = (b"PK\x03\x04",)
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": _ZIP,
    "odt": _ZIP,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def missing_translations_message(missing: dict[str, list[str]]) -> str:
    """Name the languages and fields a hearing still lacks, e.g. "Serbian (Latin): title, topic"."""
    language_names = dict(settings.LANGUAGES)
    parts = []
    for code, fields in missing.items():
        labels = ", ".join(str(Hearing._meta.get_field(field).verbose_name) for field in fields)
        parts.append(
            str(_("%(language)s: %(fields)s") % {"language": language_names.get(code, code), "fields": labels})
        )
    return str(_("Cannot publish: missing in %(missing)s.") % {"missing": "; ".join(parts)})


class HearingAdminForm(forms.ModelForm):
    """The hearing form: refuses to publish while a required language lacks its texts."""

    def clean(self) -> dict:
        cleaned_data = super().clean()
        # Without the publishing permission the field is read-only and absent: the saved value counts.
        if cleaned_data.get("is_published", self.instance.is_published):
            # Check the texts as they would be saved, on a copy, so a refused form changes nothing.
            draft = copy.copy(self.instance)
            plan = cleaned_data.get("plan") or (self.instance.plan if self.instance.plan_id else None)
            if plan is not None:
                draft.plan = plan
            codes = (
                plan.municipality.required_content_languages() if plan else []
            ) or settings.REQUIRED_CONTENT_LANGUAGES
            for field in Hearing.REQUIRED_TRANSLATED_FIELDS:
                for code in codes:
                    name = build_localized_fieldname(field, code)
                    if name in cleaned_data:
                        setattr(draft, name, cleaned_data[name])
            missing = draft.missing_translations()
            if missing:
                # For data entry the field is read-only: the message then stands above the form.
                field = "is_published" if "is_published" in self.fields else None
                self.add_error(field, missing_translations_message(missing))
        return cleaned_data


ATTENDANCE_FIELDS = ("women", "men")


class HearingAttendanceListForm(forms.ModelForm):
    """Women and men typed straight into the hearings list: only on held hearings' rows.

    The model's clean() runs as for the full form (attendance only for a held hearing, the
    ceiling per gender); on other rows the two inputs are disabled, so nothing posted is taken.
    """

    class Meta:
        model = Hearing
        fields = ATTENDANCE_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        held = self.instance.pk and self.instance.status == Hearing.Status.HELD
        for name in ATTENDANCE_FIELDS:
            field = self.fields[name]
            field.disabled = not held
            # The list's inputs have no visible label of their own: name the column and the row.
            field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"


class ConsultationPlanAdminForm(forms.ModelForm):
    """The plan form: a second plan for the same municipality and year is refused on the year."""

    def clean(self) -> dict:
        cleaned_data = super().clean()
        municipality, year = cleaned_data.get("municipality"), cleaned_data.get("year")
        if municipality is not None and year:
            duplicates = ConsultationPlan.objects.filter(municipality=municipality, year=year).exclude(
                pk=self.instance.pk
            )
            if duplicates.exists():
                # An error on "year" also keeps the model's constraint check from repeating it above the form.
                self.add_error("year", _("This municipality already has a plan for that year."))
        return cleaned_data


class HearingDocumentAdminForm(forms.ModelForm):
    """A document upload: an allowed type whose content matches its name, within the size limit."""

    # Set (on a subclass made for one request) when storing the files failed: the form is shown
    # again with every typed field kept and this message on each new file.
    storage_failure: str | None = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # unchanged file already stored, or none
        if self.storage_failure:
            raise forms.ValidationError(self.storage_failure, code="storage")
        if has_forbidden_characters(upload.name):
            # "report\u202efdp.exe" would be listed as "reportexe.pdf".
            raise forms.ValidationError(
                _(
                    "The file's name holds invisible text-direction control characters or NUL: rename the file "
                    "and upload it again."
                ),
                code="file_name",
            )
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        allowed = ", ".join(HearingDocument.ALLOWED_EXTENSIONS)
        if extension not in HearingDocument.ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("Files of this type cannot be uploaded. Allowed types: %(allowed)s.") % {"allowed": allowed},
                code="extension",
            )
        limit = settings.DOCUMENT_MAX_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large: the limit is %(limit)s MB.") % {"limit": settings.DOCUMENT_MAX_MB},
                code="size",
            )
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(FILE_SIGNATURES[extension]):
            raise forms.ValidationError(
                _("The file's content is not %(type)s, whatever its name says. Choose the right file.")
                % {"type": extension.upper()},
                code="content",
            )
        return upload
