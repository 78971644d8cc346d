"""`/healthz/`: JSON for a monitor, no login, never cached, 503 as soon as one part fails."""

import json

import pytest
from django.test import Client

from tests.operations.outage import unreachable_database


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_a_healthy_portal_answers_ok_for_each_part_without_login_or_caching(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "media": "ok"},
    }


@pytest.mark.django_db
def test_the_health_check_leaves_no_file_in_the_media_folder(client, settings):
    client.get("/healthz/")
    assert list(settings.MEDIA_ROOT.iterdir()) == []


@pytest.mark.django_db
def test_the_health_check_is_not_language_prefixed():
    assert Client().get("/sq/healthz/").status_code == 404


@pytest.mark.django_db
def test_a_read_only_media_folder_fails_the_check_with_503(client, settings, tmp_path):
    # Root writes through permissions, so the media folder is a path under a regular file:
    # no user can create a folder or a file there.
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    settings.MEDIA_ROOT = blocker / "media"

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {"database": "ok", "cache": "ok", "media": "fail"}


@pytest.mark.django_db
def test_a_cache_that_does_not_answer_is_reported_but_keeps_the_server_in_service(client, settings):
    # Pages are served uncached meanwhile, so a load balancer must not take every node out.
    # A real Redis client pointed at a closed port: the portal's production cache, unreachable.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "fail", "media": "ok"},
    }


@pytest.mark.django_db
def test_a_database_that_does_not_answer_fails_the_check_and_recovers():
    client = Client(raise_request_exception=False)
    with unreachable_database():
        response = client.get("/healthz/")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {"status": "fail", "checks": {"database": "fail", "cache": "ok", "media": "ok"}}
    assert "127.0.0.1" not in response.content.decode()

    assert client.get("/healthz/").status_code == 200
