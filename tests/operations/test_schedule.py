"""The worker's periodic jobs: a due job runs once, not again before its interval, once across workers."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutgoingMail
from operations.models import ScheduledJob
from operations.schedule import JOBS, Job, run_due_jobs
from tests.factories import HearingFactory, SubscriberFactory


def counting_job(name: str = "count", interval: datetime.timedelta = datetime.timedelta(minutes=10), during=None):
    runs: list[int] = []

    def run() -> str:
        runs.append(1)
        if during:
            during()
        return ""

    return Job(name, interval, run), runs


@pytest.mark.django_db
def test_a_due_job_runs_once_and_not_again_before_its_interval():
    job, runs = counting_job()

    assert run_due_jobs([job]) == ["count"]
    assert run_due_jobs([job]) == []
    assert len(runs) == 1

    record = ScheduledJob.objects.get(name="count")
    assert (record.runs, record.last_succeeded, record.last_error) == (1, True, "")
    assert record.last_finished_at >= record.last_started_at

    ScheduledJob.objects.filter(name="count").update(last_started_at=timezone.now() - datetime.timedelta(minutes=11))
    assert run_due_jobs([job]) == ["count"]
    assert len(runs) == 2


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_does_not_stop_the_others():
    def broken() -> str:
        raise RuntimeError("the disk is full")

    after, runs = counting_job("after")

    assert run_due_jobs([Job("broken", datetime.timedelta(hours=1), broken), after]) == ["broken", "after"]

    record = ScheduledJob.objects.get(name="broken")
    assert (record.last_succeeded, record.last_error) == (False, "RuntimeError: the disk is full")
    assert runs == [1]


@pytest.mark.django_db(transaction=True)
def test_a_second_worker_does_not_run_a_job_the_first_is_running():
    second_worker_ran = []

    def second_worker() -> None:
        thread = threading.Thread(target=lambda: second_worker_ran.extend(run_due_jobs([job])))
        thread.start()
        thread.join()

    job, runs = counting_job(during=second_worker)

    assert run_due_jobs([job]) == ["count"]
    assert second_worker_ran == []
    assert runs == [1]
    assert ScheduledJob.objects.get(name="count").runs == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_starting_at_once_run_a_job_once():
    start = threading.Barrier(2)
    ran: list[str] = []
    job, runs = counting_job()
    run_due_jobs([])  # nothing: only the database connection of this thread

    def worker() -> None:
        start.wait()
        ran.extend(run_due_jobs([job]))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert ran == ["count"]
    assert runs == [1]


@pytest.mark.django_db
def test_the_worker_announces_new_consultations_to_subscribers_and_purges(
    smtp_server, django_capture_on_commit_callbacks
):
    hearing = HearingFactory(upcoming=True)
    SubscriberFactory(email="abonenti@example.org")

    with django_capture_on_commit_callbacks(execute=True):  # the notifications' sending tasks are enqueued
        call_command("run_worker", batch=True, verbosity=0)
    call_command("run_worker", batch=True, verbosity=0)  # and run

    notification = OutgoingMail.objects.get(to="abonenti@example.org")
    assert hearing.title in notification.subject or hearing.title in notification.body
    assert smtp_server.delivered_to == ["abonenti@example.org"]
    assert {job.name: job.runs for job in ScheduledJob.objects.all()} == {job.name: 1 for job in JOBS}
    assert all(job.last_succeeded for job in ScheduledJob.objects.all())


def test_make_run_starts_the_worker_that_runs_the_scheduled_jobs():
    from django.conf import settings

    makefile = (settings.BASE_DIR / "Makefile").read_text()
    assert "manage.py run_worker" in makefile.replace("$(MANAGE)", "manage.py")
    assert "send_pending_mail --loop" not in makefile


@pytest.mark.django_db
def test_the_admin_shows_each_jobs_last_run_to_a_superuser(client, admin_user):
    run_due_jobs([Job("count", datetime.timedelta(minutes=10), lambda: "")])
    client.force_login(admin_user)

    response = client.get(reverse("admin:operations_scheduledjob_changelist"))

    assert response.status_code == 200
    assert "count" in response.content.decode()
