from django.conf import settings


def test_tests_run_against_the_configured_database_engine():
    # CI runs the suite twice; DATABASE_URL decides which engine this run uses.
    import os

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite3"
    assert settings.DATABASES["default"]["ENGINE"] == f"django.db.backends.{expected}"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_immediate_transactions(tmp_path, django_db_blocker):
    """The settings' SQLite options on a real file (the test database itself lives in memory)."""
    import pytest
    from django.db.backends.sqlite3.base import DatabaseWrapper

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the SQLite options apply only when DATABASE_URL is SQLite")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    wrapper = DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(tmp_path / "wal.sqlite3")})
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000
    finally:
        wrapper.close()


def test_postgresql_keeps_its_connections_and_checks_them():
    import pytest

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("persistent connections are set for PostgreSQL")
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_read_only_public_pages_run_outside_the_request_transaction():
    """With BEGIN IMMEDIATE a request-wide transaction would make every reader take SQLite's write lock."""
    from django.urls import resolve

    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True  # writers keep it
    for address in ("/sq/konsultimet/", "/konsultimet.ics", "/sq/raportet/2025/pdf/", "/opendata/hearings-2025.csv"):
        assert resolve(address).func._non_atomic_requests == {"default"}
    assert not getattr(resolve("/sq/komento/1/").func, "_non_atomic_requests", set())
