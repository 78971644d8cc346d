"""The Redis option, for real: TASK_BACKEND=django_tasks_rq.RQBackend with Redis on 127.0.0.1:6379 (one database
number of its own, emptied before and after), RQ's own worker (`manage.py rqworker`) in real processes on a SQLite
file. A mail is sent once, the provisional report's render waits for its `run_after` and runs in its municipality's
scope, `run_worker` only keeps the schedule, and two RQ workers run each task once."""

from __future__ import annotations

import datetime
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pypdf import PdfReader
from rq import Queue, Worker
from rq.job import Job
from rq.registry import FailedJobRegistry, FinishedJobRegistry, ScheduledJobRegistry

from istog_consult.env import env_redis_url
from operations.schedule import JOBS
from reports.models import PublishedReport, ReportPublication
from tests.factories import HearingFactory, officer_user
from tests.smtp_server import free_port
from web.publications import SERVER_FAILURE

REDIS_DB = 14  # two_node uses 11 and 12, the cache tests 1

sqlite_pass_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="runs once, on the SQLite pass: its processes share a SQLite file of their own, not the suite's database",
)

# Two municipalities with a published 2025 plan and one held hearing each; the first one's render is asked for.
SETUP = """
from municipalities.scoping import every_municipality, scope
from reports.provisional import ask_for_render
from tests.factories import HearingFactory, MunicipalityFactory, PlanFactory
with every_municipality("the test's data"):
    ours = MunicipalityFactory(slug="test", name="Komuna e Testit")
    HearingFactory(plan=PlanFactory(municipality=ours), women=10, men=15)
    other = MunicipalityFactory(slug="tjeter", name="Komuna Tjeter")
    HearingFactory(plan=PlanFactory(municipality=other), women=3, men=4)
with scope(ours):
    assert ask_for_render(ours, 2025)
"""


def test_the_redis_url_gets_timeouts_unless_it_sets_its_own(monkeypatch):
    monkeypatch.setenv("TASK_REDIS_URL", "redis://:secret@redis.internal:6380/3")
    assert env_redis_url("TASK_REDIS_URL", "", 2.0) == (
        "redis://:secret@redis.internal:6380/3?socket_connect_timeout=2.0&socket_timeout=2.0"
    )
    monkeypatch.setenv("TASK_REDIS_URL", "rediss://redis.internal/0?socket_timeout=9")
    assert (
        env_redis_url("TASK_REDIS_URL", "", 2.0)
        == "rediss://redis.internal/0?socket_timeout=9&socket_connect_timeout=2.0"
    )
    for wrong in ("127.0.0.1:6379", "http://redis.internal/0", "redis://"):
        monkeypatch.setenv("TASK_REDIS_URL", wrong)
        with pytest.raises(ImproperlyConfigured, match="TASK_REDIS_URL"):
            env_redis_url("TASK_REDIS_URL", "", 2.0)


def test_the_rq_backend_brings_django_rq_and_its_queue_and_passes_the_checks():
    environment = {
        **os.environ,
        "DEBUG": "1",
        "TASK_BACKEND": "django_tasks_rq.RQBackend",
        "TASK_REDIS_TIMEOUT_MS": "500",
    }
    shown = manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings; print(settings.INSTALLED_APPS, settings.RQ_QUEUES)",
        env=environment,
    ).stdout
    assert "'django_rq', 'django_tasks_rq']" in shown
    assert "'URL': 'redis://127.0.0.1:6379/0?socket_connect_timeout=0.5&socket_timeout=0.5'" in shown
    assert "'DEFAULT_TIMEOUT': 1800" in shown
    manage("check", env=environment)  # django-tasks-rq's own checks: django_rq installed, the queue configured
    refused = manage("check", env={**environment, "TASK_REDIS_URL": "localhost:6379"}, succeeds=False)
    assert "TASK_REDIS_URL must be a redis://host:port/db URL; got 'localhost:6379'" in refused.stderr
    assert (
        "django_rq"
        not in manage(
            "shell",
            "-v0",
            "-c",
            "from django.conf import settings; print(settings.INSTALLED_APPS)",
            env={**os.environ, "DEBUG": "1"},
        ).stdout
    )


@pytest.mark.django_db(transaction=True)  # the enqueue runs when the officer's request commits, as in production
def test_with_redis_down_a_publication_fails_at_once_and_the_officers_request_does_not(client, plan, settings):
    HearingFactory(plan=plan, women=10, men=15)
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{free_port()}/0?socket_connect_timeout=1"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}  # nothing listens there: refused
    client.force_login(officer_user(username="zyrtari"))
    client.raise_request_exception = False

    response = client.post(f"/en/admin/consultations/consultationplan/{plan.pk}/publish-report/", {"reason": ""})

    assert response.status_code == 302
    publication = ReportPublication.objects.get()
    assert (publication.state, publication.failure) == ("failed", str(SERVER_FAILURE))
    assert not PublishedReport.objects.exists()
    page = client.get(f"/en/admin/consultations/consultationplan/{plan.pk}/change/").content.decode()
    assert "The last publication failed; nothing was published." in page


@pytest.fixture
def rq_redis():
    """Redis's database REDIS_DB, empty; the test is skipped (failed under CI) when no Redis answers."""
    connection = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_connect_timeout=2, socket_timeout=10)
    try:
        connection.ping()
    except redis.RedisError as error:
        reason = f"no Redis answers on 127.0.0.1:6379 ({error}); .ci/run starts one"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    connection.flushdb()
    try:
        yield connection
    finally:
        connection.flushdb()
        connection.close()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated SQLite file, made once for the module (each test works on its own copy)."""
    database = tmp_path_factory.mktemp("rq") / "migrated.sqlite3"
    environment = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "migrate", "-v0"]
    subprocess.run(command, env=environment, check=True)  # noqa: S603 - our own manage.py with fixed arguments
    return database


@pytest.fixture
def installation(migrated, rq_redis, smtp_server, tmp_path) -> dict:
    """The environment of an installation on RQ: its own copy of the database, Redis, the test's SMTP server."""
    database = tmp_path / "portal.sqlite3"
    with sqlite3.connect(migrated) as source, sqlite3.connect(database) as target:
        source.backup(target)
    return {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASK_BACKEND": "django_tasks_rq.RQBackend",
        "TASK_REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "EMAIL_URL": f"smtp://127.0.0.1:{settings.EMAIL_PORT}",
        "MAIL_WORKER_INTERVAL": "3600",  # the periodic jobs once each
        "SITE_URL": "https://istog.example.org",
    }


def manage(*args: str, env: dict, succeeds: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args], env=env, capture_output=True, text=True
    )
    assert (result.returncode == 0) == succeeds, result.stderr
    return result


def rq_worker(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "rqworker", *args, "default"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(workers: list[subprocess.Popen]) -> list[int]:
    """SIGTERM: RQ's warm shutdown, after the running job."""
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    return [worker.wait(60) for worker in workers]


def rows(database: str, sql: str) -> list[tuple]:
    with sqlite3.connect(database.removeprefix("sqlite:///")) as connection:
        return connection.execute(sql).fetchall()


def wait_for(condition, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the RQ workers did not get there in time"
        time.sleep(0.3)


def results_per_job(connection: redis.Redis) -> dict[str, list[str]]:
    """Each finished job's id and the workers that ran it (one per run)."""
    registry = FinishedJobRegistry(queue=Queue("default", connection=connection))
    return {
        job_id: [result.worker_name for result in Job.fetch(job_id, connection=connection).results()]
        for job_id in registry.get_job_ids()
    }


@sqlite_pass_only
def test_an_rq_worker_sends_the_mail_once_renders_the_report_after_its_delay_in_scope_and_runs_the_schedule(
    installation, rq_redis, smtp_server
):
    database = installation["DATABASE_URL"]
    manage("shell", "-v0", "-c", SETUP, env=installation)
    manage(
        "shell",
        "-v0",
        "-c",
        "from notifications.mail import queue_mail; queue_mail('qytetari@example.org', 'Raporti', 'Tung.', 'report')",
        env=installation,
    )
    queue = Queue("default", connection=rq_redis)
    scheduled = ScheduledJobRegistry(queue=queue)
    assert queue.count == 1  # the mail's task, ready now
    [(render_id, run_after)] = rq_redis.zrange(scheduled.key, 0, -1, withscores=True)  # the render, 10 s later
    manage("run_worker", "--batch", env=installation)  # keeps the schedule only: the due jobs go to Redis
    assert queue.count == 1 + len(JOBS)
    assert rows(database, "SELECT count(*) FROM participation_outgoingmail WHERE sent_at IS NOT NULL") == [(0,)]

    worker = rq_worker("--with-scheduler", env=installation)
    try:
        wait_for(
            lambda: (
                rows(database, "SELECT count(*) FROM reports_provisionalreportfile") == [(len(settings.LANGUAGES),)]
                and rows(database, "SELECT count(*) FROM operations_scheduledjob WHERE runs = 1") == [(len(JOBS),)]
                and smtp_server.delivered_to
            )
        )
    finally:
        [returncode] = stop([worker])
    assert returncode == 0, worker.stderr.read()

    assert smtp_server.delivered_to == ["qytetari@example.org"]
    assert rows(database, "SELECT attempts, sent_at IS NOT NULL FROM participation_outgoingmail") == [(1, 1)]
    assert rows(database, "SELECT name, last_succeeded FROM operations_scheduledjob ORDER BY name") == sorted(
        (job.name, 1) for job in JOBS
    )
    # Every task ran once, none failed; the render was taken off the schedule, not run at once.
    assert FailedJobRegistry(queue=queue).count == 0
    runs = results_per_job(rq_redis)
    assert len(runs) == 2 + len(JOBS) and all(len(workers) == 1 for workers in runs.values())
    assert render_id.decode() in runs
    [(figures_at,)] = rows(database, "SELECT min(figures_at) FROM reports_provisionalreportfile")
    rendered_at = datetime.datetime.fromisoformat(figures_at).replace(tzinfo=datetime.UTC)
    assert rendered_at.timestamp() >= run_after
    # The task opened its own municipality's scope in the worker: our hearing counted, the other's not.
    [(english,)] = rows(database, "SELECT file FROM reports_provisionalreportfile WHERE language = 'en'")
    reader = PdfReader(Path(installation["MEDIA_ROOT"]) / english)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Komuna e Testit held a total of 1 public consultation" in text
    assert "attended by 25 participants: 10 women and 15 men" in text
    assert "Tjeter" not in text


@sqlite_pass_only
def test_while_redis_is_down_run_worker_logs_it_and_keeps_the_jobs_due_for_when_it_answers(installation, rq_redis):
    down = {**installation, "TASK_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}  # nothing listens: refused
    refused = manage("run_worker", "--batch", env=down)
    assert "Redis (the task queue) is unavailable" in refused.stderr
    assert rows(installation["DATABASE_URL"], "SELECT count(*) FROM operations_scheduledjob WHERE runs > 0") == [(0,)]

    manage("run_worker", "--batch", env=installation)  # at once, not after the jobs' intervals
    assert Queue("default", connection=rq_redis).count == len(JOBS)


MAILS = 40


@sqlite_pass_only
def test_two_rq_workers_run_each_task_once(installation, rq_redis, smtp_server):
    addresses = [f"qytetari{number}@example.org" for number in range(MAILS)]
    workers = [rq_worker(env=installation) for _ in range(2)]
    try:
        wait_for(lambda: len(Worker.all(connection=rq_redis)) == 2, seconds=120)  # both wait on the queue
        manage(
            "shell",
            "-v0",
            "-c",
            "from notifications.mail import queue_mail\n"
            "from notifications.sending import send_mail\n"
            f"for address in {addresses!r}:\n"
            "    send_mail.enqueue([queue_mail(address, 'Raporti', 'Tung.', 'report', send=False).pk])\n",
            env=installation,
        )
        wait_for(lambda: FinishedJobRegistry(queue=Queue("default", connection=rq_redis)).count == MAILS)
    finally:
        returncodes = stop(workers)
    assert returncodes == [0, 0], [worker.stderr.read() for worker in workers]

    assert sorted(smtp_server.delivered_to) == sorted(addresses)  # every one, none twice
    assert rows(installation["DATABASE_URL"], "SELECT DISTINCT attempts FROM participation_outgoingmail") == [(1,)]
    runs = results_per_job(rq_redis)
    assert len(runs) == MAILS and all(len(names) == 1 for names in runs.values())  # each task run by one worker, once
    assert len({names[0] for names in runs.values()}) == 2  # and both workers took their share
