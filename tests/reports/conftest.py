"""A year with held hearings to publish (tests/conftest.py gives each test its own media folder)."""

import pytest

from tests.factories import HearingFactory, channel


@pytest.fixture
def held_year(plan):
    """The published 2025 plan with two held hearings: 15 women, 25 men."""
    HearingFactory(plan=plan, women=10, men=15, announced_via=[channel("website")])
    HearingFactory(plan=plan, women=5, men=10, announced_via=[channel("website")])
    return plan
