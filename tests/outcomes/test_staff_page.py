"""The staff page of a consultation's report: who may see it, respond and publish, and bad input."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcomes.models import ConsultationReport, ConsultationReportPublication
from participation.models import Comment
from register.models import CitizenRequest
from tests.factories import CitizenRequestFactory, CommentFactory

pytestmark = pytest.mark.django_db


def _url(hearing, language: str = "en") -> str:
    with translation.override(language):
        return reverse("outcomes:staff-report", args=[hearing.pk])


def _respond(items, status="accepted", reason="") -> dict:
    return {
        "action": "respond",
        "items": items,
        "status": status,
        "answered_via": "online",
        "answered_on": timezone.localdate().isoformat(),
        "answer": "Pranohet dhe do të zbatohet.",
        "rejection_reason": reason,
    }


def test_the_address_and_who_may_see_it(client, hearing, plain_staff, data_entry):
    assert _url(hearing, "sq") == f"/sq/stafi/konsultimet/{hearing.pk}/raporti/"
    assert client.get(_url(hearing)).status_code == 302
    client.force_login(plain_staff)
    assert client.get(_url(hearing)).status_code == 403
    client.force_login(data_entry)
    response = client.get(_url(hearing))
    assert response.status_code == 200
    assert "Only the consultation officer may publish the report." in response.content.decode()


@pytest.mark.parametrize("language", ["sq", "sr-latn", "bs", "tr", "en"])
def test_the_officer_responds_to_several_and_publishes(
    client, hearing, officer, language, django_capture_on_commit_callbacks
):
    first = CitizenRequestFactory(hearing=hearing, is_public=True)
    second = CitizenRequestFactory(hearing=hearing)
    client.force_login(officer)
    page = client.get(_url(hearing, language))
    assert page.status_code == 200
    response = client.post(_url(hearing, language), _respond([f"request-{first.pk}", f"request-{second.pk}"]))
    assert response.status_code == 302
    assert set(CitizenRequest.objects.values_list("status", flat=True)) == {"accepted"}
    with django_capture_on_commit_callbacks(execute=True):  # the task worker runs the publication
        response = client.post(_url(hearing, language), {"action": "publish", "reason": ""})
    assert response.status_code == 302
    assert ConsultationReport.objects.get().version == 1
    assert 'data-state="done"' in client.get(_url(hearing, language)).content.decode()


def test_publishing_returns_at_once_and_the_page_shows_it_in_progress(client, hearing, officer):
    citizen_request = CitizenRequestFactory(hearing=hearing)
    client.force_login(officer)
    client.post(_url(hearing), _respond([f"request-{citizen_request.pk}"]))

    response = client.post(_url(hearing), {"action": "publish", "reason": ""})

    assert response.status_code == 302
    assert not ConsultationReport.objects.exists()  # rendered by the worker, never in the request
    html = client.get(_url(hearing)).content.decode()
    assert 'data-state="waiting"' in html
    assert ConsultationReportPublication.objects.get().state == "waiting"


def test_not_accepted_without_a_reason_is_refused_on_its_field_and_nothing_is_saved(client, hearing, officer):
    citizen_request = CitizenRequestFactory(hearing=hearing)
    client.force_login(officer)
    response = client.post(_url(hearing), _respond([f"request-{citizen_request.pk}"], status="rejected"))
    assert response.status_code == 400
    assert "rejection_reason" in response.context["respond_form"].errors
    citizen_request.refresh_from_db()
    assert citizen_request.status == CitizenRequest.Status.OPEN


def test_publishing_with_an_item_without_response_says_which(client, hearing, officer):
    CitizenRequestFactory(hearing=hearing, topic="Ujësjellësi")
    client.force_login(officer)
    response = client.post(_url(hearing), {"action": "publish", "reason": ""})
    assert response.status_code == 400
    assert "Ujësjellësi" in " ".join(response.context["publish_form"].non_field_errors())
    assert not ConsultationReport.objects.exists()


def test_data_entry_may_respond_but_not_publish(client, hearing, data_entry):
    citizen_request = CitizenRequestFactory(hearing=hearing)
    client.force_login(data_entry)
    assert client.post(_url(hearing), _respond([f"request-{citizen_request.pk}"])).status_code == 302
    assert client.post(_url(hearing), {"action": "publish"}).status_code == 403


def test_a_comment_of_another_consultation_cannot_be_chosen(client, hearing, written, officer):
    other = CommentFactory(hearing=written, status=Comment.Status.PUBLISHED)
    client.force_login(officer)
    response = client.post(_url(hearing), _respond([f"comment-{other.pk}"]))
    assert response.status_code == 400
    assert "items" in response.context["respond_form"].errors


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=st.lists(st.text(max_size=30), max_size=3),
    status=st.text(max_size=12),
    day=st.text(max_size=12),
    answer=st.text(max_size=50),
    action=st.sampled_from(["respond", "publish", "", "x"]),
)
def test_any_input_gets_an_answer_never_a_500(client, hearing, officer, items, status, day, answer, action):
    client.force_login(officer)
    data = {"action": action, "items": items, "status": status, "answered_on": day, "answer": answer}
    data = {
        key: ([v.replace("\x00", "") for v in value] if isinstance(value, list) else value.replace("\x00", ""))
        for key, value in data.items()
    }
    response = client.post(_url(hearing), data)
    assert response.status_code in (200, 302, 400, 403)


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("sq", "Koment i datës 4 dhjetor 2026: Ndriçim në rrugë"),
        ("sr-latn", "Komentar od 4. decembra 2026.: Ndriçim në rrugë"),
        ("bs", "Komentar od 4. decembra 2026.: Ndriçim në rrugë"),
        ("en", "Comment of 4 December 2026: Ndriçim në rrugë"),
    ],
)
def test_the_responses_list_names_a_comment_by_its_date_in_the_staff_language(
    client, written, officer, language, label
):
    received = timezone.make_aware(timezone.datetime(2026, 12, 4, 10, 0))
    comment = CommentFactory(hearing=written, body="Ndriçim në rrugë", status=Comment.Status.PUBLISHED)
    Comment.objects.filter(pk=comment.pk).update(created_at=received)
    client.force_login(officer)

    html = client.get(_url(written, language)).content.decode()

    assert label in html
    assert "2026-12-04:" not in html
