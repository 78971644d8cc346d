"""Answering citizens' requests: one or several at once, publishing them, and emailing each answer once.

The admin's actions and forms call these functions and turn their results into messages; the
register's rules are the model's (CitizenRequest.clean() and its constraints), checked here for
every request before anything is saved, so an operation on several requests is all or nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from notifications.mail import deliver
from notifications.models import OutgoingMail
from web.addresses import absolute_url, site_url

from .models import CitizenRequest

# The fields of a request's answer: a change to any of them after the answer was emailed is not emailed again.
ANSWER_FIELDS = frozenset({"status", "answer", "answered_via", "answered_on", "rejection_reason"})


@dataclass
class Outcome:
    """What an operation on several requests did: which it changed, skipped, or could not change (and why)."""

    changed: list[CitizenRequest] = field(default_factory=list)
    skipped: list[CitizenRequest] = field(default_factory=list)
    invalid: list[tuple[CitizenRequest, ValidationError]] = field(default_factory=list)
    withheld: list[CitizenRequest] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """True when nothing was changed because some request broke the register's rules."""
        return bool(self.invalid or self.withheld)


def _validate_all(
    requests: Iterable[CitizenRequest], apply: Callable[[CitizenRequest], None]
) -> list[tuple[CitizenRequest, ValidationError]]:
    failures = []
    for citizen_request in requests:
        apply(citizen_request)
        try:
            citizen_request.full_clean()
        except ValidationError as error:
            failures.append((citizen_request, error))
    return failures


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
    language = citizen_request.language if citizen_request.language in dict(settings.LANGUAGES) else "sq"
    with translation.override(language):
        hearing = citizen_request.hearing
        context = {
            "citizen_request": citizen_request,
            "hearing": hearing,
            "hearing_url": absolute_url(hearing.get_absolute_url()) if hearing else "",
            "site_url": site_url(),
        }
        if citizen_request.from_comment:
            subject = _("Answer to your comment: %(topic)s") % {"topic": str(citizen_request)}
        else:
            subject = _("Answer to your request: %(topic)s") % {"topic": str(citizen_request)}
        body = render_to_string("register/email/answer.txt", context)
    return deliver(citizen_request.citizen_email, subject, body, OutgoingMail.Kind.ANSWER)


def already_emailed_warning(emailed_at: datetime.datetime) -> str:
    """What staff are told when they change an answer the citizen was already emailed."""
    return _(
        "The citizen was already emailed the earlier answer on %(date)s. The changed answer is not emailed "
        "again: if the change matters to the citizen, tell them yourself."
    ) % {"date": dateformat.format(timezone.localtime(emailed_at), "d.m.Y H:i")}


def answer_recorded(citizen_request: CitizenRequest, changed_fields: Iterable[str] = ()) -> str | None:
    """After staff saved one request: email its answer once; returns a warning when an emailed answer changed.

    `answer_emailed_at` is the value read when the form was posted, so an answer another staff member
    emailed meanwhile counts as emailed.
    """
    emailed_before = citizen_request.answer_emailed_at
    email_answer_once(citizen_request)
    if emailed_before and ANSWER_FIELDS.intersection(changed_fields):
        return already_emailed_warning(emailed_before)
    return None


def answer_several(requests: list[CitizenRequest], data: dict) -> Outcome:
    """Give the same answer to every open request, or to none when any breaks the register's rules.

    `data` holds status, answered_via, answered_on, answer and rejection_reason. Requests that already
    have an answer are skipped, never overwritten. Each answer is emailed once, after the commit.
    """

    def apply(citizen_request: CitizenRequest) -> None:
        citizen_request.status = data["status"]
        citizen_request.answered_via = data["answered_via"]
        citizen_request.answered_on = data["answered_on"]
        citizen_request.answer = data["answer"]
        rejected = data["status"] == CitizenRequest.Status.REJECTED
        citizen_request.rejection_reason = data.get("rejection_reason", "") if rejected else ""

    fields = ["status", "answered_via", "answered_on", "answer", "rejection_reason", "updated_at"]
    outcome = Outcome()
    with transaction.atomic():
        # Locked and read again: a request someone answered since the list was shown is skipped too.
        current = CitizenRequest.objects.select_for_update().order_by("pk").in_bulk([obj.pk for obj in requests])
        chosen = [current[obj.pk] for obj in requests if obj.pk in current]
        to_answer = [obj for obj in chosen if not obj.is_answered]
        outcome.skipped = [obj for obj in chosen if obj.is_answered]
        outcome.invalid = _validate_all(to_answer, apply)
        if outcome.invalid:
            return outcome
        for citizen_request in to_answer:
            citizen_request.save(update_fields=fields)
        for citizen_request in to_answer:
            email_answer_once(citizen_request)  # the mail itself leaves after the commit
        outcome.changed = to_answer
    return outcome


def set_public(requests: list[CitizenRequest], public: bool) -> Outcome:
    """Publish or unpublish requests with their answers, all or none, if each still meets the register's rules.

    A request withheld from publication (its comment was rejected or marked as spam) is never published.
    """
    outcome = Outcome()
    if public:
        outcome.withheld = [obj for obj in requests if obj.withheld]
        if outcome.withheld:
            return outcome

    def apply(citizen_request: CitizenRequest) -> None:
        citizen_request.is_public = public

    outcome.invalid = _validate_all(requests, apply)
    if outcome.invalid:
        return outcome
    with transaction.atomic():
        for citizen_request in requests:
            citizen_request.save(update_fields=["is_public", "updated_at"])
    outcome.changed = list(requests)
    return outcome


def withhold(citizen_request_pk: int | None, withheld: bool) -> None:
    """Withhold a request from publication (and unpublish it), or release it, as its source comment was moderated."""
    if citizen_request_pk is None:
        return
    changes = {"withheld": withheld, "updated_at": timezone.now()}
    if withheld:
        changes["is_public"] = False
    CitizenRequest.objects.filter(pk=citizen_request_pk).update(**changes)


def request_from_comment(
    *, hearing, received_on: datetime.date, text: str, name: str, email: str, language: str, show_name: bool = False
):
    """A new request in the register for a comment citizens wrote online, in the consultation's directorate.

    The citizen left the email address to be answered (the comment form says so) and agreed to the use
    of their data, so they may be told of the consultation's report; the name is shown only if they chose.
    """
    return CitizenRequest.objects.create(
        hearing=hearing,
        received_via=CitizenRequest.Received.ONLINE,
        received_on=received_on,
        directorate=hearing.directorate,
        text=text,
        citizen_name=name,
        citizen_email=email,
        show_name=show_name and bool(name),
        email_consent=bool(email),
        language=language or "sq",
    )
