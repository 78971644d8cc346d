"""Deadlines that lower apps need but the minimum-standards rules (compliance/) own.

compliance sits above consultations, register and participation, so they may not import
it; it registers its lookup here when it loads, and the setting is the fallback when it
does not (an installation without the app, or a test of a lower app alone).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

_answer_days: Callable | None = None


def register_answer_days(lookup: Callable) -> None:
    """Let the compliance app say how many days a municipality has to answer a request."""
    global _answer_days
    _answer_days = lookup


def answer_days(municipality) -> int:
    """Days a citizen's request may wait for its answer: the municipality's rule, else UNANSWERED_AFTER_DAYS."""
    if _answer_days is not None and municipality is not None:
        days = _answer_days(municipality)
        if days:
            return days
    return settings.UNANSWERED_AFTER_DAYS
