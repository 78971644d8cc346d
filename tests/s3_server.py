"""A real S3 API server on loopback for the object-storage tests: moto's standalone server.

`s3_server` starts `python -m moto.server` once per test session on a free port in 20700–20799
(helper ports) and stops it at the end; `object_storage` points the portal's default storage at a
new, empty bucket on it for one test. boto talks HTTP to that process; nothing of boto is mocked.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import uuid

import boto3
import pytest

from tests.partition import parse_part
from web.storage import object_storage_settings

PORTS = range(20700, 20800)
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


def _free_port(part: tuple[int, int] | None) -> int:
    # Parts running side by side (tests/partition.py) look from different places, so two servers starting
    # at once never pick the same port.
    start = (part[0] - 1) * 10 if part else 0
    for port in [*PORTS[start:], *PORTS[:start]]:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 20700–20799 for the S3 server")


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


@pytest.fixture(scope="session")
def s3_server(request):
    """The endpoint URL of a moto S3 server running in its own process for the whole session."""
    port = _free_port(parse_part(request.config.getoption("part")))
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and a fixed module)
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the moto S3 server did not start on port {port}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=CREDENTIALS["AWS_DEFAULT_REGION"],
    )


@pytest.fixture
def object_storage(s3_server, settings, monkeypatch):
    """The default storage on a fresh bucket of the S3 server, as MEDIA_STORAGE_URL sets it; gives (client, bucket)."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = f"istog-{uuid.uuid4().hex[:12]}"
    client = s3_client(s3_server)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage_settings(f"s3://{bucket}/media?endpoint_url={s3_server}", 2.0),
    }
    return client, bucket


def object_keys(client, bucket: str) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))
