"""Three real task workers on one PostgreSQL queue: every task runs once, every mail is sent once, and a
publication runs in its municipality's scope in a worker process (no test fixture opens one there)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from notifications.mail import queue_mail
from notifications.models import OutgoingMail
from notifications.sending import send_mail
from reports.models import PublishedReport
from reports.publishing import request_publication
from tests.factories import HearingFactory

MAILS = 300

pytestmark = pytest.mark.django_db(transaction=True)


def worker_environment(smtp_port: int, tmp_path) -> dict:
    database = connection.settings_dict
    return {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "MAIL_WORKER_INTERVAL": "1",
        "SITE_URL": "https://istog.example.org",
    }


def wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the workers did not get there in time"
        time.sleep(0.2)


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql", reason="PostgreSQL")
def test_three_workers_send_each_of_300_mails_exactly_once_and_publish_the_report(
    smtp_server, settings, tmp_path, plan, admin_user
):
    settings.SITE_URL = "https://istog.example.org"
    HearingFactory(plan=plan, women=10, men=15)  # no channel: a flushed database has no seeded rows
    publication = request_publication(2025, admin_user, municipality=plan.municipality)  # autocommit: enqueued now
    addresses = [f"qytetari{number}@example.org" for number in range(MAILS)]
    mails = [
        queue_mail(address, "Raporti", "Përshëndetje.", OutgoingMail.Kind.REPORT, send=False) for address in addresses
    ]
    pks = [mail.pk for mail in mails]
    # Each batch of ten has two tasks (as when staff press "try again" on mail already queued), enqueued
    # far apart, so that two workers try to send the same messages at the same moment.
    for _twice in range(2):
        for start in range(0, MAILS, 10):
            send_mail.enqueue(pks[start : start + 10])
    assert DBTaskResult.objects.count() == 2 * MAILS // 10 + 1

    environment = worker_environment(settings.EMAIL_PORT, tmp_path)
    workers = [
        subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, str(settings.BASE_DIR / "manage.py"), "run_worker", "--interval", "0.1", "-v0"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    try:
        wait_for(
            lambda: (
                not DBTaskResult.objects.filter(
                    task_path=send_mail.module_path, status__in=["READY", "RUNNING"]
                ).exists()
            )
        )
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        returncodes = [worker.wait(30) for worker in workers]

    assert returncodes == [0, 0, 0], [worker.stderr.read() for worker in workers]
    assert sorted(smtp_server.delivered_to) == sorted(addresses)  # every one, none twice
    assert OutgoingMail.objects.filter(sent_at__isnull=False).count() == MAILS
    assert set(OutgoingMail.objects.values_list("attempts", flat=True)) == {1}
    results = DBTaskResult.objects.filter(task_path=send_mail.module_path)
    assert set(results.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert all(len(worker_ids) == 1 for worker_ids in results.values_list("worker_ids", flat=True))  # run once
    # Shared out: the workers ran side by side (one of them may spend the time on the publication's PDFs).
    # (The schedule keeps enqueueing send_due_mail: a task enqueued as the workers stopped has no worker.)
    assert len({ids[0] for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) if ids}) >= 2

    publication.refresh_from_db()
    assert (publication.state, publication.version, publication.failure) == ("done", 1, "")
    report = PublishedReport.objects.get()
    assert sorted(report.files.values_list("language", flat=True)) == sorted(code for code, _name in settings.LANGUAGES)
