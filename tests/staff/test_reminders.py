"""The weekly reminder of what is overdue: what it lists, to whom, once a week, never another municipality's."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from municipalities import roles
from municipalities.models import Membership
from notifications.models import OutgoingMail
from operations.models import ScheduledJob
from operations.schedule import JOBS, run_due_jobs
from outcomes.models import ConsultationReport
from staff.models import Reminder
from staff.reminders import remind_every_municipality
from tests.factories import (
    CitizenRequestFactory,
    CommentFactory,
    HearingFactory,
    MunicipalityFactory,
    PlanFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REMINDER_JOB = next(job for job in JOBS if job.name == "send_overdue_reminders")


def member(municipality, role: str, username: str, **kwargs):
    """A staff account with one role in one municipality (and none elsewhere)."""
    if not Group.objects.filter(name=role).exists():
        roles.sync_groups(django_apps)  # a transactional test before this one flushed the groups
    user = UserFactory(username=username, **kwargs)
    Membership.objects.create(user=user, municipality=municipality, role=role)
    return user


def overdue_in(municipality, label: str) -> dict:
    """One of each: a request unanswered for 60 days, a consultation held 60 days ago without attendance
    and without its report, a comment awaiting moderation."""
    now = timezone.now()
    hearing = HearingFactory(
        plan=PlanFactory(municipality=municipality, year=timezone.localdate().year),
        title=f"Dëgjimi {label}",
        title_sr_latn=f"Rasprava {label}",
        starts_at=now - datetime.timedelta(days=60),
        ends_at=now - datetime.timedelta(days=60) + datetime.timedelta(hours=2),
        women=None,
        men=None,
    )
    return {
        "hearing": hearing,
        "request": CitizenRequestFactory(
            hearing=hearing, received_on=timezone.localdate() - datetime.timedelta(days=60), topic=f"Kërkesa {label}"
        ),
        "comment": CommentFactory(hearing=hearing, body=f"Komenti {label}"),
    }


@pytest.fixture
def istog():
    return MunicipalityFactory(slug="istog", name="Komuna e Istogut", domain="konsultime.istog.org")


@pytest.fixture
def mamusha():
    return MunicipalityFactory(
        slug="mamusha", name="Komuna e Mamushës", domain="konsultime.mamusha.org", default_language="tr"
    )


def mail_to(address: str) -> list[OutgoingMail]:
    return list(OutgoingMail.objects.filter(to=address, kind=OutgoingMail.Kind.REMINDER).order_by("pk"))


def test_the_reminder_lists_each_overdue_section_with_links_on_the_municipalitys_domain(istog):
    made = overdue_in(istog, "Istog")
    member(istog, roles.OFFICER, "zyrtari", email="zyrtari@istog.example")

    assert remind_every_municipality() == {istog: 1}

    [mail] = mail_to("zyrtari@istog.example")
    assert mail.municipality == istog
    assert mail.subject == "Vonesa në konsultimet publike: Komuna e Istogut"
    body = mail.body
    assert "1 kërkesë pa përgjigje për më shumë se 15 ditë" in body
    assert "Kërkesa Istog" in body
    assert "1 konsultim i mbajtur pa pjesëmarrje të regjistruar" in body
    assert "1 koment në pritje të moderimit" in body
    assert "Dëgjimi Istog" in body
    assert "Komenti Istog" not in body  # the citizen's words stay in the admin
    assert "1 raport konsultimi i papublikuar në kohë" in body
    base = f"{istog.public_url}/sq"  # the municipality's domain, with the installation's scheme and port
    assert base.split("/")[2].startswith("konsultime.istog.org")
    assert f"{base}/admin/register/citizenrequest/{made['request'].pk}/change/" in body
    assert f"{base}/admin/register/citizenrequest/?status__exact=open" in body
    assert f"{base}/admin/consultations/hearing/?status__exact=held" in body
    assert f"{base}/admin/participation/comment/{made['comment'].pk}/change/" in body
    assert f"{base}/stafi/konsultimet/{made['hearing'].pk}/raporti/" in body
    assert f"{base}/stafi/pasqyra/" in body
    assert "testserver" not in body and "localhost" not in body


def test_nothing_is_sent_when_nothing_is_overdue(istog):
    member(istog, roles.OFFICER, "zyrtari")
    now = timezone.now()
    hearing = HearingFactory(
        plan=PlanFactory(municipality=istog, year=timezone.localdate().year),
        starts_at=now - datetime.timedelta(days=60),
        ends_at=now - datetime.timedelta(days=60) + datetime.timedelta(hours=2),
    )  # attendance recorded, its report published in time
    ConsultationReport.objects.create(hearing=hearing, version=1, snapshot={}, published_at=now)
    CitizenRequestFactory(hearing=hearing, received_on=timezone.localdate() - datetime.timedelta(days=3))
    CommentFactory(hearing=hearing, status="published")

    assert remind_every_municipality() == {istog: 0}
    assert not OutgoingMail.objects.filter(kind=OutgoingMail.Kind.REMINDER).exists()
    assert not Reminder.objects.exists()


def test_each_role_gets_the_sections_its_role_may_see_and_only_staff_members_with_an_address(istog):
    overdue_in(istog, "Istog")
    member(istog, roles.OFFICER, "zyrtari", email="zyrtari@istog.example")
    member(istog, roles.DATA_ENTRY, "hyrja", email="hyrja@istog.example")
    # Data entry may not see comments in this installation: its reminder leaves them out.
    Group.objects.get(name=roles.DATA_ENTRY).permissions.remove(
        Permission.objects.get(content_type__app_label="participation", codename="view_comment")
    )
    member(istog, roles.OFFICER, "pa-adrese", email="")
    member(istog, roles.OFFICER, "joaktiv", email="joaktiv@istog.example", is_active=False)
    member(istog, roles.OFFICER, "pa-admin", email="pa-admin@istog.example", is_staff=False)
    UserFactory(username="superi", email="superi@istog.example", is_superuser=True)  # no membership
    direct = UserFactory(username="direkt", email="direkt@istog.example")  # a permission, no membership
    direct.user_permissions.add(Permission.objects.get(codename="view_citizenrequest"))

    remind_every_municipality()

    assert sorted(OutgoingMail.objects.filter(kind=OutgoingMail.Kind.REMINDER).values_list("to", flat=True)) == [
        "hyrja@istog.example",
        "zyrtari@istog.example",
    ]
    [officers] = mail_to("zyrtari@istog.example")
    [data_entry] = mail_to("hyrja@istog.example")
    assert "koment në pritje të moderimit" in officers.body
    assert "koment në pritje të moderimit" not in data_entry.body
    assert "kërkesë pa përgjigje" in data_entry.body


def test_two_municipalities_each_mail_only_their_own_in_their_own_language(istog, mamusha):
    overdue_in(istog, "Istog")
    overdue_in(mamusha, "Mamusha")
    member(istog, roles.OFFICER, "zyrtari-istog", email="zyrtari@istog.example")
    member(mamusha, roles.OFFICER, "zyrtari-mamusha", email="zyrtari@mamusha.example")
    both = member(istog, roles.DATA_ENTRY, "te-dyja", email="te-dyja@example.org")
    Membership.objects.create(user=both, municipality=mamusha, role=roles.OFFICER)

    assert remind_every_municipality() == {istog: 2, mamusha: 2}

    [of_istog] = mail_to("zyrtari@istog.example")
    [of_mamusha] = mail_to("zyrtari@mamusha.example")
    assert "Mamusha" not in of_istog.body and "mamusha" not in of_istog.body
    assert "Istog" not in of_mamusha.body.replace("Komuna e Istogut", "") and "istog" not in of_mamusha.body
    assert f"{mamusha.public_url}/tr/stafi/pasqyra/" in of_mamusha.body
    assert of_mamusha.subject == "Kamu istişarelerinde gecikenler: Komuna e Mamushës"
    assert of_mamusha.municipality == mamusha
    first, second = mail_to("te-dyja@example.org")
    assert {first.municipality, second.municipality} == {istog, mamusha}
    for mail in (first, second):
        other = "Mamusha" if mail.municipality == istog else "Istog"
        assert f"Kërkesa {other}" not in mail.body and f"Dëgjimi {other}" not in mail.body


def test_at_most_one_reminder_a_week_per_person_and_municipality(istog):
    overdue_in(istog, "Istog")
    member(istog, roles.OFFICER, "zyrtari", email="zyrtari@istog.example")
    today = timezone.localdate()

    call_command("send_overdue_reminders", verbosity=0)
    remind_every_municipality(today + datetime.timedelta(days=6))
    assert len(mail_to("zyrtari@istog.example")) == 1

    remind_every_municipality(today + datetime.timedelta(days=7))
    assert len(mail_to("zyrtari@istog.example")) == 2
    assert Reminder.objects.get().sent_on == today + datetime.timedelta(days=7)


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_the_job_at_once_send_one_reminder(istog):
    overdue_in(istog, "Istog")
    member(istog, roles.OFFICER, "zyrtari", email="zyrtari@istog.example")
    start = threading.Barrier(2)
    ran: list[str] = []
    run_due_jobs([])  # nothing: only the database connection of this thread

    def worker() -> None:
        try:
            start.wait()
            ran.extend(run_due_jobs([REMINDER_JOB]))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert ran == ["send_overdue_reminders"]
    assert len(mail_to("zyrtari@istog.example")) == 1
    assert ScheduledJob.objects.get(name="send_overdue_reminders").last_succeeded

    # The worker restarted: the job is not due again, and run by hand it sends no second reminder.
    assert run_due_jobs([REMINDER_JOB]) == []
    call_command("send_overdue_reminders", verbosity=0)
    assert len(mail_to("zyrtari@istog.example")) == 1


def test_the_worker_sends_the_reminder_through_the_mail_queue(istog, smtp_server, django_capture_on_commit_callbacks):
    overdue_in(istog, "Istog")
    member(istog, roles.OFFICER, "zyrtari", email="zyrtari@istog.example")

    with django_capture_on_commit_callbacks(execute=True):  # the reminder's sending task is enqueued and run
        assert "send_overdue_reminders" in run_due_jobs(JOBS)

    assert smtp_server.delivered_to == ["zyrtari@istog.example"]
    [mail] = mail_to("zyrtari@istog.example")
    assert mail.is_sent
    assert b"Subject: =?utf-8?" in smtp_server.messages[0].content  # the Albanian subject, encoded


def test_a_long_section_lists_the_first_rows_and_says_how_many_more(istog):
    made = overdue_in(istog, "Istog")
    for _ in range(11):
        CommentFactory(hearing=made["hearing"])
    member(istog, roles.OFFICER, "zyrtari", email="zyrtari@istog.example")

    remind_every_municipality()

    [mail] = mail_to("zyrtari@istog.example")
    assert "12 komente në pritje të moderimit" in mail.body
    assert mail.body.count("/admin/participation/comment/") == 10 + 1  # ten rows and the list of all
    assert "dhe 2 të tjera" in mail.body
