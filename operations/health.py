"""The health check's probes: each answers True when its part of the portal works."""

from __future__ import annotations

import logging
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connections

from .stored_objects import uses_object_storage

logger = logging.getLogger(__name__)


def database_works() -> bool:
    """The default database answers a trivial query."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False


def cache_works() -> bool:
    """A value written to the cache can be read back (the rate limits depend on it)."""
    key = f"healthz:{secrets.token_hex(8)}"
    try:
        cache.set(key, "ok", timeout=10)
        found = cache.get(key) == "ok"
        cache.delete(key)
        return found
    except Exception:  # each cache backend raises its own errors (redis.ConnectionError, ...)
        logger.warning("Health check: the cache does not answer", exc_info=True)
        return False


def media_writable() -> bool:
    """A file can be created where staff uploads go: MEDIA_ROOT, or the object storage (MEDIA_STORAGE_URL)."""
    if uses_object_storage():
        try:
            name = default_storage.save(f".healthz/{secrets.token_hex(8)}", ContentFile(b"ok"))
            default_storage.delete(name)
            return True
        except OSError:
            logger.warning("Health check: the object storage does not store files", exc_info=True)
            return False
    root = Path(settings.MEDIA_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".healthz-") as probe:
            probe.write(b"ok")
            probe.flush()
        return True
    except OSError:
        logger.warning("Health check: the media folder is not writable", exc_info=True)
        return False


CHECKS = {"database": database_works, "cache": cache_works, "media": media_writable}


def run_checks() -> dict[str, bool]:
    """Every probe's result by name; no probe's failure stops the others."""
    return {name: check() for name, check in CHECKS.items()}
