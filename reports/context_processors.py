"""`latest_published_report` for every template, queried only when a template uses it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from municipalities.models import Municipality

from .models import PublishedReport


def _latest(municipality: Municipality | None) -> PublishedReport | None:
    return (
        PublishedReport.objects.filter(municipality=municipality)
        .defer("snapshot")
        .order_by("-year", "-version")
        .first()
    )


def published_reports(request: HttpRequest) -> dict:
    """The municipality's latest published report version (the home page links to it)."""
    # Lazy, so pages that never show it cost no query; a dict because a lazy None would be truthy.
    return {
        "latest_published_report": SimpleLazyObject(lambda: {"report": _latest(getattr(request, "municipality", None))})
    }
