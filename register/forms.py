"""Forms staff fill in for the register: one request, and one answer given to several requests."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from web.text_checks import validate_plain_text

from .models import ANSWER_IN_THE_FUTURE, CitizenRequest

# How long an answer typed once for several requests may be (as long as a citizen's comment).
ANSWER_MAX_LENGTH = 5_000

# A request's fields as staff edit them, grouped as on the paper register. The admin's fieldsets,
# the requests on a hearing's admin page and the form below all come from this one list.
REQUEST_FIELDSETS = (
    (None, (("received_via", "received_on"), "topic", "text", "directorate")),
    (_("Citizen"), (("citizen_name", "citizen_email"), ("show_name", "email_consent"), "language")),
    (_("Answer"), ("status", "answer", ("answered_via", "answered_on"), "rejection_reason", "is_public")),
)


def field_names(fieldsets=REQUEST_FIELDSETS) -> list[str]:
    """The field names of fieldsets, flattened, in order."""
    names: list[str] = []
    for _title, fields in fieldsets:
        for item in fields:
            names.extend(item if isinstance(item, tuple) else (item,))
    return names


class CitizenRequestAdminForm(forms.ModelForm):
    """A request in the register as staff edit it, on its own page or on its hearing's page."""

    class Meta:
        model = CitizenRequest
        fields = ["hearing", *field_names()]


class AnswerRequestsForm(forms.Form):
    """One answer given to several requests at once."""

    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in CitizenRequest.Status.choices if c[0] != CitizenRequest.Status.OPEN],
    )
    answered_via = forms.ChoiceField(
        label=_("How it was answered"),
        choices=[c for c in CitizenRequest.AnswerChannel.choices if c[0]],
    )
    answered_on = forms.DateField(
        label=_("Date answered"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD.")},
    )
    answer = forms.CharField(
        label=_("Answer"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_plain_text],
        error_messages={"required": _("Write the answer given to the citizens.")},
    )
    rejection_reason = forms.CharField(
        label=_("Reason it was not accepted"),
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_plain_text],
        help_text=_("Needed when the outcome is “Not accepted”."),
    )

    def clean_answered_on(self):
        answered_on = self.cleaned_data["answered_on"]
        if answered_on > timezone.localdate():
            raise forms.ValidationError(ANSWER_IN_THE_FUTURE, code="future")
        return answered_on

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("status") == CitizenRequest.Status.REJECTED and not cleaned.get("rejection_reason", "").strip():
            self.add_error("rejection_reason", _("Give the reason why the requests were not accepted."))
        return cleaned
