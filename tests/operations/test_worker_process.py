"""The worker as a real process: a killed worker's successor does not repeat the jobs it ran, and runs them when due."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from operations.schedule import JOBS


def manage(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def runs(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return dict(
            connection.execute("SELECT name, runs FROM operations_scheduledjob WHERE last_finished_at IS NOT NULL")
        )


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not get there in time"
        time.sleep(0.2)


def test_a_killed_workers_successor_does_not_repeat_its_jobs_and_runs_them_when_due(tmp_path):
    database = tmp_path / "worker.sqlite3"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_URL": "smtp://127.0.0.1:1",  # nothing to send; nothing listens there either
        "MAIL_WORKER_INTERVAL": "3600",  # send_due_mail once, like the others
    }
    subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "migrate", "-v0"], env=env, check=True)  # noqa: S603
    every_job_once = {job.name: 1 for job in JOBS}

    first = manage("run_worker", "--interval", "0.2", env=env)
    try:
        wait_for(lambda: runs(database) == every_job_once)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)

    second = manage("run_worker", "--interval", "0.2", env=env)
    try:
        time.sleep(3)  # many rounds of the loop
        assert runs(database) == every_job_once

        with sqlite3.connect(database) as connection:  # a day later for the daily job
            connection.execute(
                "UPDATE operations_scheduledjob SET last_started_at = datetime('now', '-25 hours') "
                "WHERE name = 'purge_old_records'"
            )
        wait_for(lambda: runs(database).get("purge_old_records") == 2)
        assert runs(database)["notify_subscribers"] == 1
    finally:
        second.send_signal(signal.SIGTERM)
        returncode = second.wait(20)
    assert returncode == 0, second.stderr.read()
