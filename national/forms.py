"""The main domain's sign-in: for the national reader (and superusers) only, who read every municipality."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from municipalities.backends import is_national_reader


class ReaderSignInForm(AuthenticationForm):
    """Django's sign-in form (django-axes counts its failures) that lets in national readers only."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "not_a_reader": _(
            "This sign-in is for national readers. Staff of a municipality sign in on their municipality's portal."
        ),
    }

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if not is_national_reader(user):
            raise ValidationError(self.error_messages["not_a_reader"], code="not_a_reader")
