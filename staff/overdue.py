"""What waits for a municipality's staff, by section, and the permission that shows each section.

The staff overview (views.py) lists these on the page; the weekly reminder (reminders.py) mails them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from consultations.models import Hearing
from municipalities.models import Municipality
from participation.models import Comment
from register.models import CitizenRequest

# Each section, and the permission that shows it.
SECTIONS = {
    "overdue": "register.view_citizenrequest",
    "no_attendance": "consultations.view_hearing",
    "pending": "participation.view_comment",
}


def waiting(municipality: Municipality, days: int) -> dict[str, QuerySet]:
    """Each section's rows: requests unanswered after `days` days (oldest first), held consultations without
    attendance (latest first), comments awaiting moderation (oldest first)."""
    return {
        "overdue": CitizenRequest.objects.of(municipality)
        .overdue(days)
        .select_related("hearing", "directorate")
        .order_by("received_on", "pk"),
        "no_attendance": Hearing.objects.of(municipality)
        .held()
        .filter(Q(women__isnull=True) & Q(men__isnull=True))
        .select_related("plan")
        .order_by("-starts_at", "-pk"),
        "pending": Comment.objects.filter(hearing__plan__municipality=municipality)
        .pending()
        .select_related("hearing")
        .order_by("created_at", "pk"),
    }
