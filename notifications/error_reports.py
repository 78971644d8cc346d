"""Django's error reports to ADMINS through the mail queue, never sent inside the failing request.

Named in settings.LOGGING, so it is imported before the apps are ready: models are imported late.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.log import AdminEmailHandler


class QueuedAdminEmailHandler(AdminEmailHandler):
    """Django's error report to ADMINS, stored in the mail queue; sent at once only when it cannot be stored.

    Django logs a request's error after the request's transaction has ended, so the report is
    stored for good. One that cannot be stored (the database is down, or the transaction it would
    join is already broken) goes out directly, as Django's own handler sends it; the outage handler
    reports at most once per ten minutes, so that wait stays rare.
    """

    def send_mail(self, subject, message, *args, **kwargs) -> None:
        if not settings.ADMINS:
            return
        if connection.needs_rollback:
            super().send_mail(subject, message, *args, **kwargs)
            return
        from .mail import queue_mail
        from .models import OutgoingMail

        prefixed = f"{settings.EMAIL_SUBJECT_PREFIX}{subject}"  # as mail_admins() would send it
        try:
            with transaction.atomic():
                for _name, address in settings.ADMINS:
                    queue_mail(address, prefixed, message, OutgoingMail.Kind.ERROR_REPORT)
        except DatabaseError:
            super().send_mail(subject, message, *args, **kwargs)
