"""Fixtures for the notifications tests: a real SMTP server in the test process."""

from tests.smtp_server import closed_smtp_port, smtp_server  # noqa: F401 - fixtures used by the tests here
