"""Fixtures for the operations tests."""

from tests.outcomes.test_outcomes import held  # noqa: F401 - a held consultation, for the object-storage tests
from tests.s3_server import object_storage, s3_server  # noqa: F401 - the S3 server on loopback
from tests.smtp_server import smtp_server  # noqa: F401 - fixture used by the tests here
