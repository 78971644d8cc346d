import pytest

from tests.municipalities.two_municipalities import build_installation


@pytest.fixture
def installation(settings):
    """Istog and Mamusha in one installation: (istog, mamusha, rows by municipality slug and model label)."""
    return build_installation(settings)
