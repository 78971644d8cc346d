"""Fixtures for the participation tests."""

from tests.smtp_server import smtp_server  # noqa: F401 - fixture used by the tests here
