"""A year with held hearings to publish (tests/conftest.py gives each test its own media folder)."""

import pytest

from tests.factories import HearingFactory, channel


@pytest.fixture
def held_year(plan):
    """The published 2025 plan with two held hearings: 15 women, 25 men."""
    HearingFactory(plan=plan, women=10, men=15, announced_via=[channel("website")])
    HearingFactory(plan=plan, women=5, men=10, announced_via=[channel("website")])
    return plan


def provisional_pdf(client, path: str, **headers):
    """GET a year's provisional PDF; before its first render the worker's task renders it, then GET again."""
    import re

    from consultations.models import ConsultationPlan
    from reports.provisional import render_provisional_report

    response = client.get(path, **headers)
    if response.status_code == 503 and response.get("Retry-After"):
        year = int(re.search(r"/(\d{4})/pdf/", path).group(1))
        for municipality_pk in ConsultationPlan.objects.filter(year=year).values_list("municipality", flat=True):
            render_provisional_report.call(municipality_pk, year)
        response = client.get(path, **headers)
    return response
