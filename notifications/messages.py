"""One stored message as the MIME message the mail server receives.

What Django's EmailMessage leaves to the machine it runs on, this fixes to the portal:
- the body in quoted-printable, so that a server without 8BITMIME takes it unchanged;
- the subject's encoded words within RFC 2047's 75 characters (Django folds them without the
  header's name and one word comes out longer);
- Date in the portal's time zone (not "-0000", which means "unknown zone");
- a Message-ID in the portal's own domain, the same on every attempt at the same message;
- Auto-Submitted (RFC 3834), so that out-of-office replies are not sent back.
"""

from __future__ import annotations

import email.charset
import email.message
import email.utils
from email.header import Header

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from web.addresses import portal_host

from .models import OutgoingMail

_UTF8_QUOTED_PRINTABLE = email.charset.Charset("utf-8")
_UTF8_QUOTED_PRINTABLE.body_encoding = email.charset.QP


class PortalEmail(EmailMessage):
    """An EmailMessage whose body is 7-bit (quoted-printable) and whose subject folds per RFC 2047."""

    encoding = _UTF8_QUOTED_PRINTABLE

    def message(self):
        """The MIME message, its subject encoded word by word with the header's name counted."""
        message = super().message()
        if not self.subject.isascii():
            del message["Subject"]
            # Past Django's __setitem__, which would encode the subject again without its name.
            email.message.Message.__setitem__(message, "Subject", Header(self.subject, "utf-8", header_name="Subject"))
        return message


def message_id(mail: OutgoingMail) -> str:
    """The stored message's Message-ID: in the portal's domain, the same on every retry."""
    return f"<mail-{mail.pk}.{int(mail.created_at.timestamp())}@{portal_host()}>"


def build_message(mail: OutgoingMail, connection) -> PortalEmail:
    """The stored message with the headers every message of the portal carries."""
    headers = {
        "Date": email.utils.format_datetime(timezone.localtime()),
        "Message-ID": message_id(mail),
        "Auto-Submitted": "auto-generated",
        **(mail.headers or {}),
    }
    return PortalEmail(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers=headers,
        connection=connection,
    )
