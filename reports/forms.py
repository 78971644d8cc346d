"""The verification form: a PDF to upload or a SHA-256 to paste."""

from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .verification import sha256_of_stream

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


class VerifyForm(forms.Form):
    """Either a file or a checksum; the cleaned `checksum` is what gets looked up."""

    document = forms.FileField(
        label=_("PDF of the report"),
        required=False,
        help_text=_("At most 20 MB. The file is only read to compute its checksum; it is not kept."),
    )
    sha256 = forms.CharField(
        label=_("or its SHA-256"),
        required=False,
        max_length=200,
        help_text=_("64 characters 0-9 and a-f, as printed on the report's page."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = ""  # posted to the page that shows it: a municipality's or the main domain's
        self.helper.attrs = {"novalidate": ""}  # crispy adds the multipart enctype for the file field
        self.helper.layout = Layout("document", "sha256", Submit("submit", _("Verify")))

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB: no published report is that large."))
        return document

    def clean_sha256(self) -> str:
        value = re.sub(r"\s+", "", self.cleaned_data.get("sha256", ""))
        if value and not SHA256.match(value):
            raise forms.ValidationError(_("A SHA-256 has exactly 64 characters, each 0-9 or a-f."))
        return value.lower()

    def clean(self):
        cleaned = super().clean()
        document, checksum = cleaned.get("document"), cleaned.get("sha256")
        if self.errors:
            return cleaned
        if not document and not checksum:
            raise forms.ValidationError(_("Upload the PDF or paste its SHA-256."))
        if document:
            document.seek(0)
            cleaned["checksum"] = sha256_of_stream(document)
        else:
            cleaned["checksum"] = checksum
        return cleaned
