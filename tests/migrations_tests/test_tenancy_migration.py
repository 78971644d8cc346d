"""An installation for one municipality migrates to many keeping everything (issue 17 §6).

A database at the last state before the tenancy migrations, with rows in the tables they touch, is
migrated forward: every row belongs to the municipality it served, its staff are members with the role
of their group, its languages are the ones it offered, and its officer still works in the admin.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from municipalities import roles
from municipalities.models import Membership, Municipality
from notifications.models import OutgoingMail, Subscriber
from participation.models import Refusal

BEFORE = [
    ("consultations", "0016_turkish"),
    ("municipalities", "0002_turkish"),
    ("notifications", "0007_language_turkish"),
    ("participation", "0009_language_turkish"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _fill(apps) -> None:
    Municipality = apps.get_model("municipalities", "Municipality")
    Plan = apps.get_model("consultations", "ConsultationPlan")
    Hearing = apps.get_model("consultations", "Hearing")
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    istog = Municipality.objects.create(name="Komuna e Istogut", slug="istog")
    plan = Plan.objects.create(
        municipality=istog,
        year=2025,
        status="published",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    starts = timezone.make_aware(datetime.datetime(2025, 9, 17, 17))
    Hearing.objects.create(
        plan=plan,
        title="Dëgjim publik për buxhetin",
        title_sq="Dëgjim publik për buxhetin",
        slug="degjim-publik",
        method="hearing",
        status="held",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        women=21,
        men=40,
    )
    apps.get_model("notifications", "Subscriber").objects.create(
        email="abonenti@example.org", token="t" * 43, confirmed_at=timezone.now()
    )
    apps.get_model("notifications", "OutgoingMail").objects.create(
        to="abonenti@example.org", subject="Konsultim i ri", body="…", kind="notification"
    )
    apps.get_model("participation", "Refusal").objects.create(reason="honeypot")
    for username, role in (("zyrtari", roles.OFFICER), ("hyrja", roles.DATA_ENTRY)):
        user = User.objects.create(username=username, is_staff=True)
        user.groups.add(Group.objects.get_or_create(name=role)[0])


@pytest.mark.django_db(transaction=True)
def test_one_municipalitys_installation_keeps_its_rows_staff_and_languages(client):
    _fill(_migrate(BEFORE))

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    istog = Municipality.objects.get()
    assert istog.languages == [code for code, _name in settings.LANGUAGES]
    assert istog.official_languages == settings.REQUIRED_CONTENT_LANGUAGES
    assert Subscriber.objects.get().municipality == istog
    assert OutgoingMail.objects.get().municipality == istog
    assert Refusal.objects.get().municipality == istog
    held = dict(Membership.objects.values_list("user__username", "role"))
    assert held == {"zyrtari": roles.OFFICER, "hyrja": roles.DATA_ENTRY}

    client.force_login(get_user_model().objects.get(username="zyrtari"))
    with translation.override("sq"):
        page = client.get(reverse("admin:consultations_hearing_changelist"))
    assert page.status_code == 200
    assert "Dëgjim publik për buxhetin" in page.content.decode()
