"""Fixtures shared by every test package; factories live in tests/factories.py."""

import pytest

from tests import factories


@pytest.fixture
def municipality(db):
    return factories.MunicipalityFactory()


@pytest.fixture
def plan(municipality):
    return factories.PlanFactory(municipality=municipality)


@pytest.fixture
def hearing(plan):
    return factories.HearingFactory(plan=plan)


@pytest.fixture
def data_entry(db):
    return factories.data_entry_user(username="hyrja")


@pytest.fixture
def officer(db):
    return factories.officer_user(username="zyrtari")


@pytest.fixture
def plain_staff(db):
    """A staff account in neither group: may log in to the admin, may change nothing."""
    return factories.UserFactory(username="pa-grup")
