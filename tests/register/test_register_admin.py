"""The register of requests in the admin: answering in bulk, publishing and the emailed answer.

Mail leaves after the commit: requests that may send run inside `django_capture_on_commit_callbacks(execute=True)`.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import OutgoingMail
from participation.models import Comment
from register.models import CitizenRequest
from tests.factories import CitizenRequestFactory, CommentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:register_citizenrequest_changelist"


def answer_in_bulk(client, requests, follow=False, **overrides):
    data = {
        "action": "answer_with_same_text",
        "_selected_action": [r.pk for r in requests],
        "apply": "1",
        "status": CitizenRequest.Status.ACCEPTED,
        "answered_via": CitizenRequest.AnswerChannel.EMAIL,
        "answered_on": "2025-04-01",
        "answer": "Ndriçimi do të vendoset në maj.",
        "rejection_reason": "",
    }
    data.update(overrides)
    return client.post(reverse(CHANGELIST), data, follow=follow)


def test_register_lists_requests_for_data_entry_with_filters(client, data_entry, hearing):
    CitizenRequestFactory(hearing=hearing)
    client.force_login(data_entry)
    response = client.get(reverse(CHANGELIST), {"year": "2025", "status__exact": "open"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_bulk_answer_asks_for_the_answer_first(client, data_entry, hearing):
    citizen_request = CitizenRequestFactory(hearing=hearing)
    client.force_login(data_entry)
    response = client.post(
        reverse(CHANGELIST), {"action": "answer_with_same_text", "_selected_action": [citizen_request.pk]}
    )
    assert response.status_code == 200
    assert "admin/intermediate_action.html" in [t.name for t in response.templates]
    citizen_request.refresh_from_db()
    assert citizen_request.status == CitizenRequest.Status.OPEN


def test_bulk_answer_answers_every_request_and_emails_each_citizen_once(
    client, data_entry, hearing, django_capture_on_commit_callbacks
):
    requests = [
        CitizenRequestFactory(hearing=hearing, citizen_email="a@example.org"),
        CitizenRequestFactory(hearing=hearing, citizen_email="b@example.org"),
    ]
    client.force_login(data_entry)

    with django_capture_on_commit_callbacks(execute=True):
        response = answer_in_bulk(client, requests)
        answer_in_bulk(client, requests)

    assert response.status_code == 302
    for citizen_request in requests:
        citizen_request.refresh_from_db()
        assert citizen_request.status == CitizenRequest.Status.ACCEPTED
        assert citizen_request.answered_via == CitizenRequest.AnswerChannel.EMAIL
        assert citizen_request.answered_on == datetime.date(2025, 4, 1)
        assert citizen_request.answer_emailed_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert "Ndriçimi do të vendoset në maj." in mail.outbox[0].body
    assert OutgoingMail.objects.filter(kind=OutgoingMail.Kind.ANSWER, sent_at__isnull=False).count() == 2


def test_bulk_answer_by_email_is_refused_naming_the_request_without_an_address(
    client, data_entry, hearing, django_capture_on_commit_callbacks
):
    with_email = CitizenRequestFactory(hearing=hearing, citizen_email="a@example.org")
    without = CitizenRequestFactory(hearing=hearing, citizen_email="", topic="Pa adresë")
    client.force_login(data_entry)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(CHANGELIST),
            {
                "action": "answer_with_same_text",
                "_selected_action": [with_email.pk, without.pk],
                "apply": "1",
                "status": CitizenRequest.Status.ACCEPTED,
                "answered_via": CitizenRequest.AnswerChannel.EMAIL,
                "answered_on": "2025-04-01",
                "answer": "Po.",
            },
            follow=True,
        )

    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert f"#{without.pk}" in errors[0]
    assert f"#{with_email.pk}" not in errors[0]
    assert CitizenRequest.objects.filter(status=CitizenRequest.Status.OPEN).count() == 2
    assert mail.outbox == []


def test_bulk_answer_skips_requests_already_answered_and_names_them(
    client, data_entry, hearing, django_capture_on_commit_callbacks
):
    still_open = CitizenRequestFactory(hearing=hearing, topic="Ndriçimi publik", citizen_email="a@example.org")
    already = CitizenRequestFactory(
        hearing=hearing,
        topic="Rruga e fshatit",
        citizen_email="b@example.org",
        status=CitizenRequest.Status.REJECTED,
        answer="Nuk ka buxhet këtë vit.",
        rejection_reason="Buxheti",
        answered_via=CitizenRequest.AnswerChannel.ON_THE_SPOT,
        answered_on=datetime.date(2025, 3, 15),
    )
    client.force_login(data_entry)

    with django_capture_on_commit_callbacks(execute=True):
        response = answer_in_bulk(client, [still_open, already], follow=True)

    assert response.status_code == 200
    still_open.refresh_from_db()
    assert still_open.status == CitizenRequest.Status.ACCEPTED
    assert still_open.answer == "Ndriçimi do të vendoset në maj."
    already.refresh_from_db()
    assert already.status == CitizenRequest.Status.REJECTED
    assert already.answer == "Nuk ka buxhet këtë vit."
    assert already.rejection_reason == "Buxheti"
    assert already.answered_via == CitizenRequest.AnswerChannel.ON_THE_SPOT
    assert already.answered_on == datetime.date(2025, 3, 15)
    assert already.answer_emailed_at is None
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    by_level = {}
    for message in response.context["messages"]:
        by_level.setdefault(message.level_tag, []).append(str(message))
    assert sorted(by_level) == ["success", "warning"]
    assert len(by_level["warning"]) == 1
    assert f"“Rruga e fshatit” (#{already.pk})" in by_level["warning"][0]
    assert "Ndriçimi publik" not in by_level["warning"][0]


def test_bulk_answer_of_only_answered_requests_changes_nothing(client, data_entry, hearing):
    already = CitizenRequestFactory(
        hearing=hearing,
        status=CitizenRequest.Status.ANSWERED,
        answer="Përgjigja e parë.",
        answered_via=CitizenRequest.AnswerChannel.ON_THE_SPOT,
        answered_on=datetime.date(2025, 3, 15),
    )
    client.force_login(data_entry)

    response = answer_in_bulk(client, [already], follow=True)

    levels = [m.level_tag for m in response.context["messages"]]
    assert levels == ["warning"]
    already.refresh_from_db()
    assert already.status == CitizenRequest.Status.ANSWERED
    assert already.answer == "Përgjigja e parë."


def test_bulk_answer_dated_before_receipt_is_refused(client, data_entry, hearing):
    citizen_request = CitizenRequestFactory(hearing=hearing)  # received 10.03.2025
    client.force_login(data_entry)
    answer_in_bulk(client, [citizen_request], answered_on="2025-01-01", answered_via="spot")
    citizen_request.refresh_from_db()
    assert citizen_request.status == CitizenRequest.Status.OPEN


def test_bulk_rejection_needs_a_reason_on_the_form(client, data_entry, hearing):
    citizen_request = CitizenRequestFactory(hearing=hearing)
    client.force_login(data_entry)
    response = answer_in_bulk(client, [citizen_request], status=CitizenRequest.Status.REJECTED, answered_via="spot")
    assert response.status_code == 200
    assert "rejection_reason" in response.context["form"].errors
    citizen_request.refresh_from_db()
    assert citizen_request.status == CitizenRequest.Status.OPEN


def test_answer_breakdown_matches_the_register_after_bulk_answers(
    client, data_entry, hearing, django_capture_on_commit_callbacks
):
    by_email = [CitizenRequestFactory(hearing=hearing, citizen_email=f"q{i}@example.org") for i in range(3)]
    on_the_spot = [CitizenRequestFactory(hearing=hearing) for _ in range(2)]
    CitizenRequestFactory(hearing=hearing)  # stays open
    client.force_login(data_entry)

    with django_capture_on_commit_callbacks(execute=True):
        answer_in_bulk(client, by_email)
        answer_in_bulk(client, on_the_spot, answered_via=CitizenRequest.AnswerChannel.ON_THE_SPOT)

    assert CitizenRequest.objects.in_year(2025).answer_breakdown() == {
        "spot": 2,
        "email": 3,
        "post": 0,
        "online": 0,
    }


def test_publish_and_unpublish_selected(client, data_entry, hearing):
    requests = [CitizenRequestFactory(hearing=hearing) for _ in range(2)]
    client.force_login(data_entry)
    ids = [r.pk for r in requests]

    client.post(reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": ids})
    assert CitizenRequest.objects.public().count() == 2

    client.post(reverse(CHANGELIST), {"action": "unpublish_selected", "_selected_action": ids[:1]})
    assert list(CitizenRequest.objects.public()) == [requests[1]]


def change_form_data(citizen_request, **overrides):
    data = {
        "hearing": citizen_request.hearing_id,
        "received_via": citizen_request.received_via,
        "received_on": citizen_request.received_on.isoformat(),
        "topic": citizen_request.topic,
        "text": citizen_request.text,
        "directorate": "",
        "citizen_name": "",
        "citizen_email": "qytetari@example.org",
        "status": CitizenRequest.Status.ANSWERED,
        "answer": "Përgjigja jonë.",
        "answered_via": CitizenRequest.AnswerChannel.EMAIL,
        "answered_on": "2025-03-20",
        "rejection_reason": "",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_saving_an_answer_in_the_change_form_emails_it_once(
    client, data_entry, hearing, django_capture_on_commit_callbacks
):
    citizen_request = CitizenRequestFactory(hearing=hearing, citizen_email="qytetari@example.org")
    client.force_login(data_entry)
    url = reverse("admin:register_citizenrequest_change", args=[citizen_request.pk])

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, change_form_data(citizen_request))
        second = client.post(url, change_form_data(citizen_request, answer="Përgjigja e ndrequr."))

    assert first.status_code == second.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["qytetari@example.org"]
    assert "Përgjigja jonë." in mail.outbox[0].body


def test_an_open_request_saved_in_the_change_form_sends_nothing(
    client, data_entry, hearing, django_capture_on_commit_callbacks
):
    citizen_request = CitizenRequestFactory(hearing=hearing, citizen_email="qytetari@example.org")
    client.force_login(data_entry)
    url = reverse("admin:register_citizenrequest_change", args=[citizen_request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            change_form_data(citizen_request, status="open", answer="", answered_via="", answered_on=""),
        )
    assert response.status_code == 302
    assert mail.outbox == []


def test_changing_an_answer_already_emailed_warns_with_the_date_and_emails_nothing_more(
    client, data_entry, hearing, django_capture_on_commit_callbacks
):
    citizen_request = CitizenRequestFactory(hearing=hearing, citizen_email="qytetari@example.org")
    client.force_login(data_entry)
    with translation.override("en"):  # the messages in English, whatever the catalogs say
        url = reverse("admin:register_citizenrequest_change", args=[citizen_request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, change_form_data(citizen_request), follow=True)
    emailed_at = CitizenRequest.objects.get(pk=citizen_request.pk).answer_emailed_at

    with django_capture_on_commit_callbacks(execute=True):
        changed = client.post(url, change_form_data(citizen_request, answer="Përgjigja e ndrequr."), follow=True)

    assert [m.level_tag for m in first.context["messages"]] == ["success"]
    warnings = [str(m) for m in changed.context["messages"] if m.level_tag == "warning"]
    date = timezone.localtime(emailed_at).strftime("%d.%m.%Y %H:%M")
    assert warnings == [
        f"The citizen was already emailed the earlier answer on {date}. The changed answer is not emailed "
        "again: if the change matters to the citizen, tell them yourself."
    ]
    assert CitizenRequest.objects.get(pk=citizen_request.pk).answer == "Përgjigja e ndrequr."
    assert len(mail.outbox) == 1


def test_an_officer_whose_form_was_opened_before_another_emailed_the_answer_is_warned(
    client, data_entry, officer, hearing, django_capture_on_commit_callbacks
):
    citizen_request = CitizenRequestFactory(hearing=hearing, citizen_email="qytetari@example.org")
    client.force_login(data_entry)
    with django_capture_on_commit_callbacks(execute=True):
        answer_in_bulk(client, [citizen_request])  # the first officer answers in the list meanwhile

    client.force_login(officer)
    with translation.override("en"):
        url = reverse("admin:register_citizenrequest_change", args=[citizen_request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, change_form_data(citizen_request, answer="Përgjigja ime."), follow=True)

    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert warnings[0].startswith("The citizen was already emailed the earlier answer on ")
    assert len(mail.outbox) == 1


def test_saving_an_emailed_request_without_changing_its_answer_gives_no_warning(
    client, data_entry, hearing, django_capture_on_commit_callbacks
):
    citizen_request = CitizenRequestFactory(hearing=hearing, citizen_email="qytetari@example.org")
    client.force_login(data_entry)
    url = reverse("admin:register_citizenrequest_change", args=[citizen_request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, change_form_data(citizen_request), follow=True)
        response = client.post(url, change_form_data(citizen_request, topic="Tema e re"), follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert CitizenRequest.objects.get(pk=citizen_request.pk).topic == "Tema e re"


@pytest.mark.parametrize("status", [Comment.Status.REJECTED, Comment.Status.SPAM])
def test_a_request_from_a_rejected_or_spam_comment_cannot_be_published(client, data_entry, hearing, status):
    from_hidden = CitizenRequestFactory(hearing=hearing, topic="Nga komenti")
    CommentFactory(hearing=hearing, status=status, rejection_reason="Fyese", request=from_hidden)
    fine = CitizenRequestFactory(hearing=hearing)
    client.force_login(data_entry)

    response = client.post(
        reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": [from_hidden.pk, fine.pk]}, follow=True
    )

    assert CitizenRequest.objects.public().count() == 0
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert f"“Nga komenti” (#{from_hidden.pk})" in errors[0]
    assert f"#{fine.pk}" not in errors[0]

    url = reverse("admin:register_citizenrequest_change", args=[from_hidden.pk])
    form_post = client.post(url, change_form_data(from_hidden, citizen_email="", answered_via="spot", is_public="on"))
    assert form_post.status_code == 200
    assert "is_public" in form_post.context["adminform"].form.errors
    assert not CitizenRequest.objects.public().exists()
