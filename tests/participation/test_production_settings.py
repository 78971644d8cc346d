"""What production relies on for participation: a Redis cache from CACHE_URL, and an SMTP timeout."""

import environ
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.core.mail import get_connection

from istog_consult.env import env_parsed


def test_a_redis_cache_url_gives_a_cache_whose_client_library_is_installed(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/1")
    config = env_parsed("CACHE_URL", "locmemcache://", environ.Env.cache_url_config)
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"

    cache = RedisCache(config["LOCATION"], {})
    # Builds the client (it imports the `redis` package) without connecting: no server is needed.
    client = cache._cache.get_client(write=True)

    assert type(client).__module__.startswith("redis")


def test_requirements_pin_the_redis_client():
    requirements = (settings.BASE_DIR / "requirements.txt").read_text().splitlines()
    assert any(line.startswith("redis==") for line in requirements)


def test_smtp_connections_time_out_after_ten_seconds_by_default():
    assert settings.EMAIL_TIMEOUT == 10
    assert get_connection("django.core.mail.backends.smtp.EmailBackend").timeout == 10
