"""The default cache under production settings is shared by every process (issue 18 §1).

Without CACHE_URL and with DEBUG=0, separate processes (as gunicorn's workers are) use one
file cache: a value one stores, the other reads; an edit made through one process is seen by a
process that had the page cached before the edit. Development (DEBUG=1) keeps each process's
own memory. The processes are real: `manage.py` subprocesses on a migrated SQLite file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIST = "/sq/konsultimet/"


def production_env(tmp_path: Path) -> dict[str, str]:
    """Production-like settings without CACHE_URL, each piece in the test's own folder."""
    env = {key: value for key, value in os.environ.items() if key not in {"CACHE_URL", "CACHE_DIR"}}
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "tests-only-secret-key-not-for-any-real-installation",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


# The shell builds and reads data of any municipality, as the tests' own body does (tests/conftest.py).
SHELL_SCOPE = (
    "from municipalities.scoping import every_municipality\n"
    # Kept in a name: a context manager collected at once would leave the scope again.
    '_scope = every_municipality("a test\'s shell builds the data")\n'
    "_scope.__enter__()\n"
)


def shell(env: dict[str, str], code: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHELL_SCOPE + textwrap.dedent(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_without_cache_url_production_uses_a_file_cache_next_to_the_media_behind_the_fault_guard(tmp_path):
    env = production_env(tmp_path)
    out = shell(
        env,
        """
        from django.core.cache import caches; cache = caches["default"]
        print(type(cache).__name__, type(cache.inner).__name__, cache.inner._dir)
        """,
    )
    assert out == f"FaultTolerantCache FileBasedCache {tmp_path / 'cache'}"


def test_development_keeps_each_processs_own_memory(tmp_path):
    env = {**production_env(tmp_path), "DEBUG": "1"}
    code = "from django.core.cache import caches; cache = caches['default']"
    out = shell(env, f"{code}; print(type(cache).__name__, type(cache.inner).__name__)")
    assert out == "FaultTolerantCache LocMemCache"


def test_a_value_one_process_stores_another_process_reads(tmp_path):
    env = {**production_env(tmp_path), "CACHE_DIR": str(tmp_path / "shared-cache")}
    shell(env, "from django.core.cache import cache; cache.set('written-by-one', 'seen-by-all', 60)")
    assert shell(env, "from django.core.cache import cache; print(cache.get('written-by-one'))") == "seen-by-all"
    assert any((tmp_path / "shared-cache").iterdir())


READER = """
import sys

import django

django.setup()
from django.conf import settings
from django.test import Client, override_settings

# Pages render without `collectstatic` (as in tests/conftest.py).
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()
client = Client(raise_request_exception=False)
for line in iter(sys.stdin.readline, ""):
    response = client.get(line.strip())
    print(response.status_code, response.content.decode().count(sys.argv[1]), flush=True)
"""


def test_an_edit_through_one_process_shows_in_another_that_had_the_page_cached(tmp_path):
    env = production_env(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "istog_consult.settings"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
    shell(
        env,
        """
        from tests import factories
        factories.HearingFactory(upcoming=True, title="Dëgjimi i vjetër")
        """,
    )
    errors = (tmp_path / "reader-errors.txt").open("w")
    reader = subprocess.Popen(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", READER, "Dëgjimi i ri"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    try:

        def read_list() -> str:
            reader.stdin.write(LIST + "\n")
            reader.stdin.flush()
            return reader.stdout.readline().strip()

        assert read_list() == "200 0"  # rendered, and now kept in the reader's cache
        assert read_list() == "200 0"
        shell(
            env,
            """
            from consultations.models import Hearing
            hearing = Hearing.objects.get()
            hearing.title = "Dëgjimi i ri"
            hearing.save()
            """,
        )
        assert read_list() == "200 1"  # the very next request through the other process shows the edit
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
        reader.stdout.close()
        errors.close()
    assert reader.returncode == 0, (tmp_path / "reader-errors.txt").read_text()


@pytest.mark.django_db
def test_a_cache_folder_that_cannot_be_written_serves_pages_uncached(tmp_path, hearing):
    """The fault is real: the cache folder's path is taken by a file, so every write fails (OSError)."""
    from django.test import Client, override_settings

    from web import cache as fault_tolerant
    from web.cache import cache_settings

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    config = cache_settings(
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(blocked / "cache")}, 0.3
    )
    fault_tolerant.FaultTolerantCache._broken_until.clear()
    try:
        with override_settings(CACHES={"default": config}):
            for _ in range(2):
                response = Client().get(LIST)
                assert response.status_code == 200
                assert hearing.title in response.content.decode()
    finally:
        fault_tolerant.FaultTolerantCache._broken_until.clear()
