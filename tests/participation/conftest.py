"""Fixtures for the participation tests."""

import pytest
from django.core.cache import cache

from tests.participation.factories import WrittenConsultationFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """The rate limit lives in the cache: every test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def written(db):
    """A written consultation open for comments now."""
    return WrittenConsultationFactory()
