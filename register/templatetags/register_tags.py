"""Template tags for the hearing page: the requests the municipality published with their answers."""

from __future__ import annotations

from django import template

from consultations.models import Hearing
from register.models import CitizenRequest

register = template.Library()


@register.simple_tag
def public_requests(hearing: Hearing) -> list[CitizenRequest]:
    """The hearing's published requests, oldest first; names and emails stay out of the query."""
    return list(
        CitizenRequest.objects.public()
        .filter(hearing=hearing)
        .defer("citizen_name", "citizen_email")
        .order_by("received_on", "pk")
    )
