from django.conf import settings


def test_tests_run_against_the_configured_database_engine():
    # CI runs the suite twice; DATABASE_URL decides which engine this run uses.
    import os

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite3"
    assert settings.DATABASES["default"]["ENGINE"] == f"django.db.backends.{expected}"
