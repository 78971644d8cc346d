"""What a consultation's report holds: every comment and request, with the municipality's response to each.

Data first, rendering second: `gather(hearing)` reads the live register and comments in a fixed
number of queries and returns plain items; `to_snapshot()` freezes them as JSON for a published
version and `from_snapshot()` reads them back, so the page, the PDF and the annual report's
counts all show the same thing.

Which items count: the hearing's requests in the register (a request withheld because its comment
was rejected or marked as spam does not), and its published comments not yet turned into a request.
A comment gets its response through its request. A citizen's name is shown only where they agreed
(the comment's "show my name", the request's "name may be published"); a request's text only where
staff publish it with its answer or where it came from a published comment.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field, replace

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from consultations.models import Hearing
from participation.models import Comment
from register.models import CitizenRequest

Status = CitizenRequest.Status


def response_label(code: str) -> str:
    """A response as the report names it, in the active language."""
    return {
        Status.ACCEPTED: pgettext("response", "Accepted"),
        Status.PARTIALLY_ACCEPTED: pgettext("response", "Partly accepted"),
        Status.REJECTED: pgettext("response", "Not accepted"),
        Status.ANSWERED: pgettext("response", "Answered"),
    }.get(code, pgettext("response", "No response yet"))


@dataclass(frozen=True)
class Item:
    """One comment or request of the consultation and the municipality's response to it."""

    kind: str  # "request" or "comment"
    pk: int  # the request's, or the comment's when it has no request yet
    received_on: str  # ISO date
    received_via: str  # CitizenRequest.Received code
    topic: str
    text: str
    name: str  # empty unless the citizen agreed to it being shown
    response: str  # a Status code other than open, or "" when there is none yet
    public: bool = True  # False: counted in the report, its text, name and answer left out
    language: str = ""  # the language the citizen wrote in (the page marks the text with it)
    answer: str = ""
    reason: str = ""
    answered_on: str = ""
    answered_via: str = ""

    @property
    def shown(self) -> bool:
        return self.public

    def published_form(self) -> Item:
        """The item as the published report may hold it: a private request keeps only its dates and response."""
        if self.public:
            return self
        return replace(self, topic="", text="", name="", answer="", reason="")

    @property
    def has_response(self) -> bool:
        return bool(self.response)

    @property
    def response_label(self) -> str:
        return response_label(self.response)

    @property
    def received_date(self) -> datetime.date:
        return datetime.date.fromisoformat(self.received_on)

    @property
    def answered_date(self) -> datetime.date | None:
        return datetime.date.fromisoformat(self.answered_on) if self.answered_on else None

    @property
    def received_label(self) -> str:
        return str(CitizenRequest.Received(self.received_via).label) if self.received_via else ""

    @property
    def answered_via_label(self) -> str:
        return str(CitizenRequest.AnswerChannel(self.answered_via).label) if self.answered_via else ""

    @property
    def label(self) -> str:
        """How staff recognise the item in a list: its topic or the start of its text."""
        text = self.topic or self.text
        received = formats.date_format(self.received_date, "DATE_FORMAT")
        if self.kind == "comment":
            return _("Comment of %(date)s: %(text)s") % {"date": received, "text": text[:60]}
        return text[:60] or _("Request of %(date)s") % {"date": received}


@dataclass(frozen=True)
class Counts:
    received: int = 0
    accepted: int = 0
    partial: int = 0
    rejected: int = 0
    answered: int = 0
    not_shown: int = 0

    @property
    def without_response(self) -> int:
        return self.received - self.accepted - self.partial - self.rejected - self.answered

    def by_response(self) -> list[tuple[str, int]]:
        """(response code, how many) in the report's order; "" (no response yet) last."""
        return [
            (Status.ACCEPTED, self.accepted),
            (Status.PARTIALLY_ACCEPTED, self.partial),
            (Status.REJECTED, self.rejected),
            (Status.ANSWERED, self.answered),
            ("", self.without_response),
        ]

    def rows(self) -> list[tuple[str, int]]:
        """The counts as labelled rows, in the report's order."""
        return [(response_label(code), value) for code, value in self.by_response()]


def count(items: list[Item]) -> Counts:
    responses = [item.response for item in items]
    return Counts(
        received=len(items),
        accepted=responses.count(Status.ACCEPTED),
        partial=responses.count(Status.PARTIALLY_ACCEPTED),
        rejected=responses.count(Status.REJECTED),
        answered=responses.count(Status.ANSWERED),
        not_shown=sum(1 for item in items if not item.shown),
    )


@dataclass(frozen=True)
class Outcome:
    """A consultation's items with their responses and counts; `pending` comments still await moderation."""

    items: list[Item] = field(default_factory=list)
    pending: int = 0

    @property
    def counts(self) -> Counts:
        return count(self.items)

    @property
    def without_response(self) -> list[Item]:
        return [item for item in self.items if not item.has_response]

    @property
    def shown_items(self) -> list[Item]:
        return [item for item in self.items if item.shown]


def _request_item(citizen_request: CitizenRequest, comment: Comment | None) -> Item:
    from_published_comment = comment is not None and comment.status == Comment.Status.PUBLISHED
    shown = citizen_request.is_public or from_published_comment
    agreed = citizen_request.show_name or (comment is not None and comment.show_name)
    answered = citizen_request.is_answered
    return Item(
        kind="request",
        pk=citizen_request.pk,
        received_on=citizen_request.received_on.isoformat(),
        received_via=citizen_request.received_via,
        topic=citizen_request.topic,
        text=citizen_request.text,
        name=(citizen_request.citizen_name or (comment.name if comment else "")) if agreed else "",
        response=citizen_request.status if answered else "",
        public=shown,
        language=(comment.language if comment and comment.language else citizen_request.language) or "",
        answer=citizen_request.answer if answered else "",
        reason=citizen_request.rejection_reason if answered else "",
        answered_on=citizen_request.answered_on.isoformat() if answered and citizen_request.answered_on else "",
        answered_via=citizen_request.answered_via if answered else "",
    )


def _comment_item(comment: Comment) -> Item:
    return Item(
        kind="comment",
        pk=comment.pk,
        received_on=timezone.localdate(comment.created_at).isoformat(),
        received_via=CitizenRequest.Received.ONLINE,
        topic="",
        text=comment.body,
        name=comment.public_name,
        response="",
        language=comment.language or "",
    )


def gather(hearing: Hearing) -> Outcome:
    """The hearing's items and their responses as the register holds them now (three queries)."""
    requests = list(
        CitizenRequest.objects.filter(hearing=hearing, withheld=False)
        .select_related("comment")
        .order_by("received_on", "pk")
    )
    items = [_request_item(obj, getattr(obj, "comment", None)) for obj in requests]
    comments = Comment.objects.filter(hearing=hearing, request__isnull=True)
    waiting = list(comments.filter(status__in=(Comment.Status.PUBLISHED, Comment.Status.PENDING)))
    items += [_comment_item(obj) for obj in waiting if obj.status == Comment.Status.PUBLISHED]
    items.sort(key=lambda item: (item.received_on, item.kind != "request", item.pk))
    return Outcome(items=items, pending=sum(1 for obj in waiting if obj.status == Comment.Status.PENDING))


def year_counts(municipality, year: int) -> Counts:
    """The year's comments and requests by response (two queries).

    The requests received in the year (withheld ones aside) and the published comments of the year
    not turned into a request, which have no response by definition.
    """
    rows = (
        CitizenRequest.objects.of(municipality)
        .in_year(year)
        .filter(withheld=False)
        .values("status")
        .annotate(n=models.Count("pk"))
        .order_by()
    )
    by_status = {row["status"]: row["n"] for row in rows}
    comments = Comment.objects.filter(
        hearing__plan__municipality=municipality,
        created_at__year=year,
        status=Comment.Status.PUBLISHED,
        request__isnull=True,
    ).count()
    return Counts(
        received=sum(by_status.values()) + comments,
        accepted=by_status.get(Status.ACCEPTED, 0),
        partial=by_status.get(Status.PARTIALLY_ACCEPTED, 0),
        rejected=by_status.get(Status.REJECTED, 0),
        answered=by_status.get(Status.ANSWERED, 0),
    )


def to_snapshot(outcome: Outcome) -> dict:
    """The items and counts as JSON, to freeze with a published version."""
    return {"items": [asdict(item.published_form()) for item in outcome.items], "counts": asdict(outcome.counts)}


def from_snapshot(snapshot: dict) -> Outcome:
    """A published version's items, as frozen."""
    return Outcome(items=[Item(**data) for data in snapshot.get("items", [])])
