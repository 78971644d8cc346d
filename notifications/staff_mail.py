"""The staff password reset's mail through the queue, never sent inside the request.

Stored as OutgoingMail and sent by the mail worker like every other message: a slow or dead mail
server holds no request, a staff address cannot be told from an unknown one by the time the
answer takes, and a message the server refused is retried. (Error reports: error_reports.py.)
"""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from .mail import deliver
from .models import OutgoingMail


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset form, with the link stored in the mail queue instead of sent at once."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        deliver(to_email, subject, body, OutgoingMail.Kind.PASSWORD_RESET)
