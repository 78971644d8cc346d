"""The answer to a citizen's request, emailed once when staff record it ("you said, we did")."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from consultations.models import CitizenRequest

from .mail import absolute_url, deliver
from .models import OutgoingMail

# The fields of a request's answer: a change to any of them after the answer was emailed is not emailed again.
ANSWER_FIELDS = frozenset({"status", "answer", "answered_via", "answered_on", "rejection_reason"})


def citizen_language(citizen_request: CitizenRequest) -> str:
    """The language the citizen wrote in (known from a comment), else Albanian."""
    try:
        language = citizen_request.comment.language
    except ObjectDoesNotExist:
        language = ""
    return language if language in dict(settings.LANGUAGES) else "sq"


def email_answer_once(citizen_request: CitizenRequest) -> OutgoingMail | None:
    """Email the answer to the citizen if the request is answered and carries an address (once, after commit)."""
    if not citizen_request.is_answered or not citizen_request.citizen_email:
        return None
    if citizen_request.answer_emailed_at is not None:
        return None
    now = timezone.now()
    # A conditional UPDATE claims the request: of two concurrent calls only one changes the row. The claim
    # and the stored message commit or roll back together; the message itself leaves after the commit.
    claimed = (
        CitizenRequest.objects.filter(pk=citizen_request.pk, answer_emailed_at__isnull=True)
        .exclude(status=CitizenRequest.Status.OPEN)
        .exclude(citizen_email="")
        .update(answer_emailed_at=now)
    )
    if not claimed:
        return None
    citizen_request.answer_emailed_at = now
    with translation.override(citizen_language(citizen_request)):
        hearing = citizen_request.hearing
        context = {
            "citizen_request": citizen_request,
            "hearing": hearing,
            "hearing_url": absolute_url(hearing.get_absolute_url()) if hearing else "",
            "site_url": settings.SITE_URL,
        }
        subject = _("Answer to your request: %(topic)s") % {"topic": str(citizen_request)}
        body = render_to_string("participation/email/answer.txt", context)
    return deliver(citizen_request.citizen_email, subject, body, OutgoingMail.Kind.ANSWER)


def already_emailed_warning(emailed_at: datetime.datetime) -> str:
    """What staff are told when they change an answer the citizen was already emailed."""
    return _(
        "The citizen was already emailed the earlier answer on %(date)s. The changed answer is not emailed "
        "again: if the change matters to the citizen, tell them yourself."
    ) % {"date": dateformat.format(timezone.localtime(emailed_at), "d.m.Y H:i")}
