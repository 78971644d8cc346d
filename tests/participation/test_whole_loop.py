"""The whole loop on the demo data, as a newcomer would try it after `make run`.

A citizen comments on the open demo consultation; a Data entry user publishes the comment,
turns it into a request, answers it by email and publishes the answer. The citizen's inbox,
the consultation's public page and the annual report all show the answer.
"""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import Hearing
from participation.models import Comment
from register.models import CitizenRequest
from tests.factories import comment_post_data

pytestmark = pytest.mark.django_db

ANSWER = "Kriteret do të publikohen në faqen e komunës deri në fund të muajit."


@pytest.fixture
def open_demo_consultation():
    call_command("load_istog_2025", verbosity=0)
    return Hearing.objects.published().open_for_comments().get()


def report_row(client, year, channel):
    response = client.get(reverse("reports:annual-report", kwargs={"year": year}))
    assert response.status_code == 200
    return next(answer.requests for answer in response.context["summary"].answers if answer.channel == channel)


def test_a_comment_becomes_an_answered_request_in_the_inbox_the_page_and_the_report(
    client, data_entry, open_demo_consultation, django_capture_on_commit_callbacks
):
    consultation = open_demo_consultation
    year = consultation.plan.year
    assert report_row(client, year, CitizenRequest.AnswerChannel.EMAIL) == 0

    # The citizen comments.
    data = comment_post_data(consultation, body="Kur publikohen kriteret?", email="qytetari@example.org")
    response = client.post(reverse("participation:comment-submit", kwargs={"pk": consultation.pk}), data)
    assert response.status_code == 302
    comment = Comment.objects.get(hearing=consultation)
    assert comment.status == Comment.Status.PENDING

    # Staff moderate it and turn it into a request.
    client.force_login(data_entry)
    changelist = reverse("admin:participation_comment_changelist")
    for action in ("publish_comments", "turn_into_request"):
        response = client.post(changelist, {"action": action, "_selected_action": [comment.pk]})
        assert response.status_code == 302, action
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    citizen_request = comment.request
    assert citizen_request.citizen_email == "qytetari@example.org"

    # Staff answer it by email in the change form, then publish the answer.
    change = reverse("admin:register_citizenrequest_change", args=[citizen_request.pk])
    form = {
        "hearing": consultation.pk,
        "received_via": citizen_request.received_via,
        "received_on": citizen_request.received_on.isoformat(),
        "topic": "Kriteret",
        "text": citizen_request.text,
        "directorate": consultation.directorate_id,
        "citizen_name": citizen_request.citizen_name,
        "citizen_email": citizen_request.citizen_email,
        "status": CitizenRequest.Status.ANSWERED,
        "answer": ANSWER,
        "answered_via": CitizenRequest.AnswerChannel.EMAIL,
        "answered_on": timezone.localdate().isoformat(),
        "rejection_reason": "",
        "_save": "Save",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, form)
    assert response.status_code == 302
    requests_changelist = reverse("admin:register_citizenrequest_changelist")
    client.post(requests_changelist, {"action": "publish_selected", "_selected_action": [citizen_request.pk]})
    client.logout()

    # The inbox: one message, to the citizen, with the answer.
    assert [message.to for message in mail.outbox] == [["qytetari@example.org"]]
    assert ANSWER in mail.outbox[0].body

    # The consultation's page: the answer, without the citizen's address.
    with translation.override("sq"):
        page = client.get(consultation.get_absolute_url()).content.decode()
    assert ANSWER in page
    assert "qytetari@example.org" not in page

    # The annual report: one more request answered by email.
    assert report_row(client, year, CitizenRequest.AnswerChannel.EMAIL) == 1
