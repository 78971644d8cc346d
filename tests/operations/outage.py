"""A real database server that cannot be reached, for the outage tests."""

from __future__ import annotations

import contextlib

from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper


@contextlib.contextmanager
def unreachable_database(alias: str = "default"):
    """Swap the connection for a real PostgreSQL client pointed at a closed port (127.0.0.1:1).

    psycopg2 really tries to connect and fails with OperationalError, on SQLite runs as on
    PostgreSQL runs; the original connection is put back afterwards.
    """
    original = connections[alias]
    settings_dict = {
        **original.settings_dict,
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "istog_unreachable",
        "HOST": "127.0.0.1",
        "PORT": "1",
        "USER": "postgres",
        "PASSWORD": "",
        "OPTIONS": {"connect_timeout": 2},
        "TEST": {},
    }
    broken = DatabaseWrapper(settings_dict, alias)
    connections[alias] = broken
    try:
        yield broken
    finally:
        broken.close()
        connections[alias] = original
