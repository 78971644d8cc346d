"""Forms citizens and moderators fill in: a comment, a subscription, and the reason for rejecting comments."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from consultations.models import Hearing, Place
from web.text_checks import validate_citizen_text, validate_plain_text

from .abuse import SUBSCRIBE_FORM, issue_form_token
from .models import BODY_MAX_LENGTH, Comment

HONEYPOT_FIELD = "website"
TIMESTAMP_FIELD = "form_started"


def _timestamp_field() -> forms.CharField:
    return forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)


def _honeypot_field() -> forms.CharField:
    return forms.CharField(
        label=_("Leave this field empty: it is here to catch automated spam"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class CommentForm(forms.ModelForm):
    """A citizen's comment on a written consultation."""

    website = _honeypot_field()
    form_started = _timestamp_field()
    consent = forms.BooleanField(
        label=_(
            "I agree that the municipality stores my comment and, if I gave them, my name, email and local "
            "community, to consider the comment in this consultation and its report. The comment is "
            "published after moderation, together with my local community if I chose one; my name only "
            "if I ticked the box above; my email is never published and is used only to send me the answer."
        ),
        required=True,
        error_messages={"required": _("Tick this box to send the comment: we cannot store it without your consent.")},
    )

    class Meta:
        model = Comment
        fields = ["body", "name", "show_name", "email", "local_community", "consent"]
        labels = {
            "body": _("Your comment"),
            "name": _("Your name (optional)"),
            "show_name": _("Show my name with the comment"),
            "email": _("Your email (optional, for the answer)"),
            "local_community": _("Your local community (optional)"),
        }
        help_texts = {
            "email": _("Only used to send you the municipality's answer; never published."),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "body": {
                "required": _("Write your comment before sending."),
                "max_length": _("Your comment is too long: shorten it to at most %(limit_value)d characters."),
            },
            "name": {"max_length": _("Shorten the name to at most %(limit_value)d characters.")},
            "email": {"invalid": _("Enter an email address such as emri@example.com, or leave it empty.")},
        }

    def __init__(self, *args, hearing: Hearing, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.hearing = hearing
        if not self.is_bound:
            self.initial[TIMESTAMP_FIELD] = issue_form_token(hearing.pk)
        # Formatted here, not at import, so that it follows the request's language.
        self.fields["body"].help_text = _("At most %(max)s characters.") % {
            "max": number_format(BODY_MAX_LENGTH, force_grouping=True)
        }
        for name in ("body", "name"):
            self.fields[name].validators.append(validate_citizen_text)
        community = self.fields["local_community"]
        community.queryset = Place.objects.filter(
            kind=Place.Kind.LOCAL_COMMUNITY, municipality_id=hearing.plan.municipality_id
        ).order_by("name")
        community.empty_label = _("I prefer not to say")
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = reverse("participation:comment-submit", kwargs={"pk": hearing.pk})
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "body",
            "name",
            "show_name",
            "email",
            "local_community",
            Div(Field(HONEYPOT_FIELD), css_class="visually-hidden", aria_hidden="true"),
            TIMESTAMP_FIELD,
            "consent",
            Submit("submit", _("Send the comment")),
        )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write your comment before sending."))
        return body

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("show_name") and not cleaned.get("name") and "name" not in self.errors:
            self.add_error("name", _("Write your name, or untick “Show my name with the comment”."))
        return cleaned


class SubscribeForm(forms.Form):
    """An address that wants to hear about new consultations."""

    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address such as emri@example.com."),
        },
    )
    website = _honeypot_field()
    form_started = _timestamp_field()
    consent = forms.BooleanField(
        label=_(
            "I agree that the municipality stores my email address to send me news of public consultations. "
            "I can unsubscribe with the link in every message; the address is then no longer used."
        ),
        required=True,
        error_messages={"required": _("Tick this box to subscribe: we cannot store your address without it.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial[TIMESTAMP_FIELD] = issue_form_token(SUBSCRIBE_FORM)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = reverse("participation:subscribe")
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "email",
            Div(Field(HONEYPOT_FIELD), css_class="visually-hidden", aria_hidden="true"),
            TIMESTAMP_FIELD,
            "consent",
            Submit("submit", _("Subscribe")),
        )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class RejectCommentsForm(forms.Form):
    """The reason a moderator gives for rejecting comments."""

    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_plain_text],
        error_messages={"required": _("Give the reason for rejecting the comments.")},
    )
