"""The forms of a consultation's report page: one response for several items, and publishing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from register.forms import AnswerRequestsForm
from web.text_checks import validate_plain_text

from .items import Outcome


def _choice_value(item) -> str:
    return f"{item.kind}-{item.pk}"


class RespondForm(AnswerRequestsForm):
    """The register's answer form, with the items (comments and requests without a response) it is for."""

    field_order = ["items", "status", "answered_via", "answered_on", "answer", "rejection_reason"]

    items = forms.MultipleChoiceField(
        label=_("Respond to"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one comment or request to respond to."),
            "invalid_choice": _("One of the chosen items has a response already or is not part of this consultation."),
        },
    )

    def __init__(self, *args, outcome: Outcome, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(_choice_value(item), item.label) for item in outcome.without_response]

    def chosen(self) -> tuple[list[int], list[int]]:
        """The chosen requests' and comments' primary keys."""
        requests, comments = [], []
        for value in self.cleaned_data["items"]:
            kind, pk = value.split("-")
            (requests if kind == "request" else comments).append(int(pk))
        return requests, comments


class PublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the new version"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_plain_text],
        help_text=_("Needed from version 2 on: say what the new version corrects."),
    )
