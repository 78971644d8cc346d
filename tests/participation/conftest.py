"""Fixtures for the participation tests."""

import pytest

from tests.participation.factories import WrittenConsultationFactory


@pytest.fixture
def written(db):
    """A written consultation open for comments now."""
    return WrittenConsultationFactory()
