"""Moderating citizens' comments, and turning comments into requests in the register.

A comment's request follows its fate: when a moderator rejects the comment or marks it as spam,
its request stays in the register but is withheld from publication (register.answers.withhold).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from register import answers
from register.models import CitizenRequest

from .models import Comment


def moderate(comments: list[Comment], status: str, user, reason: str = "") -> int:
    """Record a moderator's decision on each comment; returns how many were moderated."""
    with transaction.atomic():
        for comment in comments:
            comment.moderate(status, user, reason)
            answers.withhold(comment.request_id, status in Comment.HIDDEN_STATUSES)
    return len(comments)


def record_edit(comment: Comment, user, changed_fields: list[str]) -> None:
    """Before a comment edited on its admin page is saved: who moderated it and when, and its request's fate."""
    if "status" in changed_fields or "rejection_reason" in changed_fields:
        comment.moderated_at = timezone.now()
        comment.moderated_by = user
    if "status" in changed_fields:
        answers.withhold(comment.request_id, comment.status in Comment.HIDDEN_STATUSES)


def turn_into_requests(comments: list[Comment]) -> tuple[list[CitizenRequest], list[Comment]]:
    """Create one register entry per comment not turned yet and not rejected or spam; returns (created, skipped)."""
    created: list[CitizenRequest] = []
    skipped: list[Comment] = []
    for comment in comments:
        if comment.request_id or comment.status in Comment.HIDDEN_STATUSES:
            skipped.append(comment)
            continue
        with transaction.atomic():
            citizen_request = answers.request_from_comment(
                hearing=comment.hearing,
                received_on=timezone.localdate(comment.created_at),
                text=comment.body,
                name=comment.name,
                email=comment.email,
                language=comment.language,
                show_name=comment.show_name,
            )
            # Conditional, so that two staff members pressing at once create one request.
            linked = Comment.objects.filter(pk=comment.pk, request__isnull=True).update(request=citizen_request)
            if not linked:
                transaction.set_rollback(True)
                skipped.append(comment)
                continue
        comment.request = citizen_request
        created.append(citizen_request)
    return created, skipped
