"""A cache that never takes a page down: the configured backend behind a fault guard.

Everything that uses the cache here can do without it: the page cache renders the page, the
rate limits let the post through, the render lock lets the request render. So when the cache
server is down (refused connection) or silent (accepts and never answers), `FaultTolerantCache`
treats every call as a miss: get() gives the default, set() and delete() do nothing, add()
answers True (the caller acts as if it were alone), incr() raises ValueError (a missing key,
which every caller already handles by starting a new count).

After a fault the server is left alone for BREAK_SECONDS (a circuit breaker): a silent server
costs one request one bounded timeout, not every call of every request a timeout. The fault is
logged once per break, not once per call. The Redis client's own timeouts (settings.py) bound
that one wait.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# How long the cache is skipped after a call failed; then one call tries the server again.
BREAK_SECONDS = 15


def _fault_types() -> tuple[type[BaseException], ...]:
    """The errors that mean "the cache server does not serve": the socket's, and the clients' own."""
    faults: list[type[BaseException]] = [OSError, EOFError]
    try:
        # Every error of the Redis client: refused, timed out, and also a server that answers with
        # an error (out of memory, a read-only replica). A missing key in incr() is Django's ValueError.
        from redis.exceptions import RedisError

        faults.append(RedisError)
    except ImportError:
        pass
    try:
        from pymemcache.exceptions import MemcacheError

        faults.append(MemcacheError)
    except ImportError:
        pass
    return tuple(faults)


FAULTS = _fault_types()


class FaultTolerantCache(BaseCache):
    """Wrap the backend named in OPTIONS["BACKEND"]; an unreachable server counts as an empty cache."""

    # Shared by every instance with the same location: each thread opens its own cache object,
    # and one thread's timeout should spare the others theirs.
    _broken_until: dict[str, float] = {}
    _lock = threading.Lock()

    def __init__(self, location: str, params: dict) -> None:
        inner_params = dict(params)
        options = dict(inner_params.get("OPTIONS") or {})
        backend = options.pop("BACKEND")
        inner_params["OPTIONS"] = options
        super().__init__(inner_params)
        self.location = str(location)
        self._backend = backend
        self._inner_params = inner_params
        self._inner: BaseCache | None = None

    @property
    def inner(self) -> BaseCache:
        """The wrapped backend, made on first use: a file cache whose folder cannot be made
        (a full or read-only disk) fails there, inside the guard, and is tried again after the break."""
        if self._inner is None:
            self._inner = import_string(self._backend)(self.location, self._inner_params)
        return self._inner

    # --- the breaker -------------------------------------------------------------------

    def is_broken(self) -> bool:
        """Whether the server failed less than BREAK_SECONDS ago (calls skip it meanwhile)."""
        return time.monotonic() < self._broken_until.get(self.location, float("-inf"))

    def _break(self, error: BaseException) -> None:
        with self._lock:
            already = self.is_broken()
            self._broken_until[self.location] = time.monotonic() + BREAK_SECONDS
        if not already:
            logger.warning(
                "The cache at %s does not answer (%s: %s); pages are served uncached for %s s",
                self.location,
                type(error).__name__,
                error,
                BREAK_SECONDS,
            )

    def _call(self, fallback: Any, method: str, *args, **kwargs) -> Any:
        if self.is_broken():
            return fallback
        try:
            return getattr(self.inner, method)(*args, **kwargs)
        except FAULTS as error:
            self._break(error)
            return fallback

    # --- the cache API ---------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._call(default, "get", key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call({}, "get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call(False, "has_key", key, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(None, "set", key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), "set_many", data, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True: the caller goes on as the only one (renders the page itself, writes its row).
        return self._call(True, "add", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, "touch", key, timeout=timeout, version=version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call(missing, "incr", key, delta, version=version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache does not answer)")
        return result

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version=version)

    def delete(self, key, version=None):
        return self._call(False, "delete", key, version=version)

    def delete_many(self, keys, version=None):
        self._call(None, "delete_many", keys, version=version)

    def clear(self):
        self._call(None, "clear")

    def close(self, **kwargs):
        self._call(None, "close", **kwargs)

    def make_key(self, key, version=None):
        return self._call(None, "make_key", key, version=version) or super().make_key(key, version=version)

    def validate_key(self, key):
        if self._call(True, "validate_key", key) is True:
            super().validate_key(key)


def cache_settings(config: dict, socket_timeout: float) -> dict:
    """Django's CACHES entry for `config` (from CACHE_URL) with the fault guard around it.

    A Redis client gets connect and read timeouts of `socket_timeout` seconds, so that a silent
    server costs one bounded wait; without them a read waits for ever.
    """
    options = dict(config.get("OPTIONS") or {})
    backend = config["BACKEND"]
    if backend == "django.core.cache.backends.redis.RedisCache":
        options.setdefault("socket_connect_timeout", socket_timeout)
        options.setdefault("socket_timeout", socket_timeout)
    options["BACKEND"] = backend
    return {**config, "BACKEND": f"{__name__}.FaultTolerantCache", "OPTIONS": options}
