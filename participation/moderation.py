"""Moderating citizens' comments, and turning comments into requests in the register.

A comment's request follows its fate: when a moderator rejects the comment or marks it as spam,
its request stays in the register but is withheld from publication (register.answers.withhold).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.mail import absolute_url, deliver
from notifications.models import OutgoingMail
from register import answers
from register.models import CitizenRequest
from web.fallback import localized

from .models import Comment


def moderate(comments: list[Comment], status: str, user, reason: str = "") -> int:
    """Record a moderator's decision on each comment; returns how many were moderated."""
    with transaction.atomic():
        for comment in comments:
            comment.moderate(status, user, reason)
            answers.withhold(comment.request_id, status in Comment.HIDDEN_STATUSES)
            email_rejection_once(comment)
    return len(comments)


def email_rejection_once(comment: Comment) -> OutgoingMail | None:
    """Tell a citizen who left an address, in the language they wrote in, why their comment was rejected (once)."""
    if comment.status != Comment.Status.REJECTED or not comment.email or not comment.rejection_reason.strip():
        return None
    now = timezone.now()
    # A conditional UPDATE claims the comment: of two moderators rejecting it at once, one emails.
    claimed = (
        Comment.objects.filter(pk=comment.pk, status=Comment.Status.REJECTED, rejection_emailed_at__isnull=True)
        .exclude(email="")
        .update(rejection_emailed_at=now)
    )
    if not claimed:
        return None
    comment.rejection_emailed_at = now
    language = comment.language if comment.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        hearing = comment.hearing
        context = {
            "comment": comment,
            "hearing": hearing,
            "hearing_url": absolute_url(hearing.get_absolute_url()),
            "site_url": settings.SITE_URL,
        }
        subject = _("Your comment was not published: %(title)s") % {"title": localized(hearing, "title").text}
        body = render_to_string("participation/email/comment_rejected.txt", context)
    return deliver(comment.email, subject, body, OutgoingMail.Kind.COMMENT_REJECTED)


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
