"""Template tags for the hearing page: the comment form and the published comments."""

from __future__ import annotations

from django import template

from consultations.models import Hearing
from participation.forms import CommentForm
from participation.models import Comment

register = template.Library()


@register.inclusion_tag("participation/includes/comment_form.html", takes_context=True)
def comment_form(context: template.Context, hearing: Hearing) -> dict:
    """An empty comment form for the hearing, with a freshly signed timestamp."""
    return {
        "form": CommentForm(hearing=hearing),
        "hearing": hearing,
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.simple_tag
def published_comments(hearing: Hearing) -> list[Comment]:
    """The hearing's published comments, oldest first."""
    return list(hearing.comments.published().select_related("local_community"))
