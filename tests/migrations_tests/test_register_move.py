"""Moving the register and the mail queue into apps of their own keeps every row and every permission.

A database is built at the last state before the move (consultations 0004, participation 0004), filled
with requests, comments, mail and subscribers through the historical models, then migrated forward.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from municipalities import roles
from notifications.models import OutgoingMail, Subscriber
from participation.models import Comment
from register.models import CitizenRequest

BEFORE = [
    ("consultations", "0004_hearing_search_text"),
    ("participation", "0004_dropped_mail_and_confirmation_sent_at"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _fill(apps) -> dict:
    Municipality = apps.get_model("consultations", "Municipality")
    Plan = apps.get_model("consultations", "ConsultationPlan")
    Hearing = apps.get_model("consultations", "Hearing")
    Request = apps.get_model("consultations", "CitizenRequest")
    Comment = apps.get_model("participation", "Comment")
    OutgoingMail = apps.get_model("participation", "OutgoingMail")
    Subscriber = apps.get_model("participation", "Subscriber")
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")

    municipality = Municipality.objects.create(name="Komuna e Istogut", slug="istog")
    plan = Plan.objects.create(
        municipality=municipality,
        year=2025,
        status="published",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    starts = timezone.make_aware(datetime.datetime(2025, 9, 17, 17))
    hearing = Hearing.objects.create(
        plan=plan,
        title="Dëgjim publik për buxhetin",
        slug="degjim-publik",
        method="hearing",
        status="held",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        women=21,
        men=40,
    )
    emailed_at = timezone.now()
    answered = Request.objects.create(
        municipality=municipality,
        hearing=hearing,
        received_on=datetime.date(2025, 9, 17),
        text="Ndriçim në rrugën kryesore.",
        citizen_email="qytetari@example.org",
        status="answered",
        answer="Vendoset në verë.",
        answered_via="email",
        answered_on=datetime.date(2025, 9, 20),
        is_public=True,
        answer_emailed_at=emailed_at,
    )
    from_serbian = Request.objects.create(
        municipality=municipality, hearing=hearing, received_on=datetime.date(2025, 9, 18), text="Trotoar."
    )
    from_spam = Request.objects.create(
        municipality=municipality, hearing=hearing, received_on=datetime.date(2025, 9, 19), text="Reklamë."
    )
    Comment.objects.create(hearing=hearing, body="Trotoar.", consent=True, language="sr-latn", request=from_serbian)
    Comment.objects.create(hearing=hearing, body="Reklamë.", consent=True, status="spam", request=from_spam)
    OutgoingMail.objects.create(to="qytetari@example.org", subject="Përgjigje", body="…", kind="answer")
    Subscriber.objects.create(email="abonenti@example.org", token="t" * 43, confirmed_at=timezone.now())
    clerk = User.objects.create(username="hyrja", is_staff=True)
    # get_or_create: an earlier transactional test's flush may have removed the groups the data migrations made.
    clerk.groups.add(Group.objects.get_or_create(name=roles.DATA_ENTRY)[0])
    return {"answered": answered.pk, "serbian": from_serbian.pk, "spam": from_spam.pk, "emailed_at": emailed_at}


@pytest.mark.django_db(transaction=True)
def test_moving_the_register_keeps_requests_comments_mail_and_permissions(client):
    before = _fill(_migrate(BEFORE))

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert CitizenRequest.objects.count() == 3
    answered = CitizenRequest.objects.get(pk=before["answered"])
    assert (answered.status, answered.answered_via, answered.is_public) == ("answered", "email", True)
    assert answered.answer == "Vendoset në verë."
    assert answered.answer_emailed_at == before["emailed_at"]
    assert answered.municipality.slug == "istog"
    assert Comment.objects.get(request_id=before["serbian"]).request.language == "sr-latn"
    spam = CitizenRequest.objects.get(pk=before["spam"])
    assert (spam.withheld, spam.is_public) == (True, False)
    assert OutgoingMail.objects.get().to == "qytetari@example.org"
    assert Subscriber.objects.get().is_active

    data_entry = set(
        Group.objects.get(name=roles.DATA_ENTRY).permissions.values_list("content_type__app_label", "codename")
    )
    assert {("register", "add_citizenrequest"), ("register", "change_citizenrequest")} <= data_entry
    officer = set(Group.objects.get(name=roles.OFFICER).permissions.values_list("content_type__app_label", "codename"))
    assert {("register", "delete_citizenrequest"), ("notifications", "view_outgoingmail")} <= officer
    assert not any(app in ("consultations", "participation") and "citizenrequest" in code for app, code in officer)

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="hyrja"))
    assert client.get(reverse("admin:register_citizenrequest_changelist")).status_code == 200
    change = client.get(reverse("admin:register_citizenrequest_change", args=[answered.pk]))
    assert change.status_code == 200
    assert "Vendoset në verë." in change.content.decode()
