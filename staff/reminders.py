"""The weekly reminder of what is overdue, mailed to each municipality's staff (the worker's daily job).

For every municipality, in its own scope: the overview's sections (overdue.py) and the consultations whose
report is past the minimum standard's deadline (compliance.report_deadlines). Each active staff account
with a membership there, an email address and access to the admin gets the sections its role there may see
(MembershipBackend: permissions count in that municipality only), in the municipality's default language,
with links on its primary domain (web.addresses inside its scope, never a request's Host).

At most one reminder a week per person and municipality (REMINDER_EVERY, counted in days): the row of
`Reminder` is claimed by a conditional UPDATE, so a restarted worker, a second worker or the command run by
hand sends no second one. Nothing overdue that the person may see: no mail, nothing recorded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from compliance.models import answer_days
from compliance.report_deadlines import overdue_reports
from municipalities.models import Municipality
from municipalities.scoping import every_municipality, scope
from notifications.mail import queue_mail
from notifications.models import OutgoingMail
from notifications.sending import send_soon
from web.addresses import absolute_url
from web.fallback import localized

from . import overdue
from .models import Reminder

REMINDER_EVERY = datetime.timedelta(days=7)
# Rows listed per section in the mail; the section's link shows them all.
REMINDER_LIMIT = 10
# The overview's sections, and the consultation reports past their deadline.
SECTIONS = {**overdue.SECTIONS, "reports": "outcomes.view_consultationreport"}


@dataclass(frozen=True)
class Line:
    """One overdue object: what it is, and its admin page."""

    text: str
    url: str


@dataclass(frozen=True)
class Section:
    """One non-empty section of the digest: its heading with the count, the first rows, the list of all."""

    name: str
    heading: str
    count: int
    lines: tuple[Line, ...]
    list_url: str = ""

    @property
    def more(self) -> int:
        """How many the mail leaves out."""
        return self.count - len(self.lines)


@dataclass(frozen=True)
class Digest:
    """What is overdue in one municipality, in the active language, with absolute links."""

    municipality: Municipality
    today: datetime.date
    sections: dict[str, Section]
    overview_url: str

    def for_permissions(self, has_perm) -> list[Section]:
        """The sections someone with these permissions may see, in order."""
        return [section for name, section in self.sections.items() if has_perm(SECTIONS[name])]


def _date(day: datetime.date | datetime.datetime) -> str:
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    return formats.date_format(day, "DATE_FORMAT")


def _admin(name: str, pk: int) -> str:
    return absolute_url(reverse(name, args=[pk]))


def _line(day: datetime.date | datetime.datetime, text) -> str:
    return f"{_date(day)} · {text}"


# Each overview section in the mail: how a row reads, the row's admin page, the admin list of them all.
# A comment reads as its consultation's title: the citizen's words stay in the admin.
ROWS = {
    "overdue": (
        lambda item: _line(item.received_on, item),
        "admin:register_citizenrequest_change",
        "admin:register_citizenrequest_changelist",
        "?status__exact=open",
    ),
    "no_attendance": (
        lambda item: _line(item.starts_at, localized(item, "title").text),
        "admin:consultations_hearing_change",
        "admin:consultations_hearing_changelist",
        "?status__exact=held",
    ),
    "pending": (
        lambda item: _line(item.created_at, localized(item.hearing, "title").text),
        "admin:participation_comment_change",
        "admin:participation_comment_changelist",
        "?status__exact=pending",
    ),
}


def _headings(counts: dict[str, int], days: int) -> dict[str, str]:
    """The overview's headings (the same words as its page), with the counts."""
    return {
        "overdue": ngettext(
            "%(counter)s request unanswered for more than %(days)s days",
            "%(counter)s requests unanswered for more than %(days)s days",
            counts["overdue"],
        )
        % {"counter": counts["overdue"], "days": days},
        "no_attendance": ngettext(
            "%(counter)s held consultation without attendance recorded",
            "%(counter)s held consultations without attendance recorded",
            counts["no_attendance"],
        )
        % {"counter": counts["no_attendance"]},
        "pending": ngettext(
            "%(counter)s comment awaiting moderation", "%(counter)s comments awaiting moderation", counts["pending"]
        )
        % {"counter": counts["pending"]},
    }


def _reports_section(municipality: Municipality, today: datetime.date) -> Section:
    reports = overdue_reports(municipality, today)
    heading = ngettext(
        "%(counter)s consultation report not published in time",
        "%(counter)s consultation reports not published in time",
        len(reports),
    ) % {"counter": len(reports)}
    lines = []
    for item in reports[:REMINDER_LIMIT]:
        title = localized(item.hearing, "title").text
        detail = _("%(title)s · due by %(date)s") % {"title": title, "date": _date(item.due)}
        lines.append(Line(detail, _admin("outcomes:staff-report", item.hearing.pk)))
    return Section("reports", heading, len(reports), tuple(lines))


def build_digest(municipality: Municipality, today: datetime.date | None = None) -> Digest:
    """What is overdue in the municipality (call it in its scope and in the mail's language)."""
    today = today or timezone.localdate()
    days = answer_days(municipality)
    querysets = overdue.waiting(municipality, days)
    counts = {name: queryset.count() for name, queryset in querysets.items()}
    headings = _headings(counts, days)
    sections = {}
    for name, queryset in querysets.items():
        text, change, changelist, query = ROWS[name]
        rows = list(queryset[:REMINDER_LIMIT]) if counts[name] else []
        lines = tuple(Line(text(item), _admin(change, item.pk)) for item in rows)
        sections[name] = Section(name, headings[name], counts[name], lines, absolute_url(reverse(changelist)) + query)
    sections["reports"] = _reports_section(municipality, today)
    return Digest(
        municipality=municipality,
        today=today,
        sections={name: section for name, section in sections.items() if section.count},
        overview_url=absolute_url(reverse("staff:overview")),
    )


def recipients(municipality: Municipality):
    """The municipality's staff who may be reminded: active, with access to the admin, an email address
    and a membership there."""
    return (
        get_user_model()
        .objects.filter(memberships__municipality=municipality, is_active=True, is_staff=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def render_reminder(digest: Digest, sections: list[Section]) -> tuple[str, str]:
    """The subject and body of one person's reminder (in the active language)."""
    subject = _("Overdue in public consultations: %(municipality)s") % {"municipality": digest.municipality.name}
    body = render_to_string(
        "staff/email/overdue_reminder.txt",
        {"digest": digest, "sections": sections, "today": _date(digest.today)},
    )
    return subject, body


def remind_staff(municipality: Municipality, today: datetime.date | None = None) -> int:
    """Queue this week's reminder to each of the municipality's staff who has something overdue to see;
    returns how many were queued (sent by the mail queue once committed)."""
    today = today or timezone.localdate()
    queued = []
    with scope(municipality), translation.override(municipality.default_language):
        digest = build_digest(municipality, today)
        if not digest.sections:
            return 0
        for user in recipients(municipality):
            sections = digest.for_permissions(user.has_perm)
            if not sections:
                continue
            subject, body = render_reminder(digest, sections)
            with transaction.atomic():
                if Reminder.claim(user, municipality, today, REMINDER_EVERY):
                    queued.append(queue_mail(user.email, subject, body, OutgoingMail.Kind.REMINDER, send=False).pk)
        send_soon(queued)
    return len(queued)


def remind_every_municipality(today: datetime.date | None = None) -> dict[Municipality, int]:
    """remind_staff for every municipality, each in its own scope; returns the reminders queued for each."""
    with every_municipality("the reminder job goes through every municipality, each then in its own scope"):
        municipalities = list(Municipality.objects.order_by("pk"))
    return {municipality: remind_staff(municipality, today) for municipality in municipalities}
