"""A consultation's report: responses to every item, publishing it, the public section, the PDF and the one email."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from consultations.models import Hearing
from notifications.models import OutgoingMail
from outcomes import publishing
from outcomes.items import gather
from outcomes.models import ConsultationReport
from participation.models import Comment
from register.models import CitizenRequest
from tests.factories import CitizenRequestFactory, CommentFactory, HearingFactory, WrittenConsultationFactory
from web.cyrillic import to_cyrillic

pytestmark = pytest.mark.django_db

LANGUAGES = ("sq", "sr-latn", "sr", "bs", "tr", "en")


def _answer(citizen_request, status=CitizenRequest.Status.ACCEPTED, **kwargs):
    citizen_request.status = status
    citizen_request.answer = kwargs.pop("answer", "Do ta bëjmë në pranverë.")
    citizen_request.answered_via = kwargs.pop("answered_via", CitizenRequest.AnswerChannel.ON_THE_SPOT)
    citizen_request.answered_on = kwargs.pop("answered_on", citizen_request.received_on)
    for name, value in kwargs.items():
        setattr(citizen_request, name, value)
    citizen_request.full_clean()
    citizen_request.save()
    return citizen_request


def _respond_data(status="accepted", reason="", answer="Pranohet.") -> dict:
    return {
        "status": status,
        "answered_via": CitizenRequest.AnswerChannel.ONLINE,
        "answered_on": timezone.localdate(),
        "answer": answer,
        "rejection_reason": reason,
    }


@pytest.fixture
def held(hearing) -> Hearing:
    """A held hearing with three requests: one public with the name agreed, one private, one open."""
    CitizenRequestFactory(
        hearing=hearing, citizen_name="Besa Krasniqi", show_name=True, is_public=True, topic="Ndriçimi"
    )
    CitizenRequestFactory(hearing=hearing, citizen_name="Agim Gashi", topic="Rruga", text="Rruga në Banjë.")
    CitizenRequestFactory(
        hearing=hearing,
        citizen_name="Drita Hoxha",
        citizen_email="drita@example.org",
        email_consent=True,
        topic="Parku",
        is_public=True,
    )
    return hearing


def _answer_all(hearing):
    requests = list(CitizenRequest.objects.filter(hearing=hearing).order_by("pk"))
    _answer(requests[0])
    _answer(requests[1], CitizenRequest.Status.REJECTED, rejection_reason="Nuk është në buxhet.")
    _answer(requests[2], CitizenRequest.Status.PARTIALLY_ACCEPTED)
    return requests


def test_a_report_is_refused_while_an_item_has_no_response_and_says_which(held, officer):
    with pytest.raises(publishing.PublishRefused) as refused:
        publishing.publish(held, officer)
    assert any("Ndriçimi" in problem for problem in refused.value.problems)
    assert ConsultationReport.objects.count() == 0


def test_not_accepted_without_a_reason_is_refused_on_its_field(held):
    form_data = _respond_data(status="rejected", reason="")
    from register.forms import AnswerRequestsForm

    form = AnswerRequestsForm(form_data)
    assert not form.is_valid()
    assert "rejection_reason" in form.errors


def test_one_response_for_several_items_turns_comments_into_requests(written, officer):
    written.status = Hearing.Status.HELD
    written.save()
    comment = CommentFactory(hearing=written, status=Comment.Status.PUBLISHED)
    citizen_request = CitizenRequestFactory(hearing=written)
    outcome = publishing.respond(written, [citizen_request.pk], [comment.pk], _respond_data())
    assert not outcome.refused
    comment.refresh_from_db()
    assert comment.request.status == CitizenRequest.Status.ACCEPTED
    assert gather(written).without_response == []


def test_a_refused_bulk_response_saves_nothing(written):
    written.status = Hearing.Status.HELD
    written.save()
    comment = CommentFactory(hearing=written, status=Comment.Status.PUBLISHED)
    citizen_request = CitizenRequestFactory(hearing=written, received_on=timezone.localdate() + datetime.timedelta(1))
    outcome = publishing.respond(written, [citizen_request.pk], [comment.pk], _respond_data())
    assert outcome.refused  # the answer would be dated before the request was received
    comment.refresh_from_db()
    assert comment.request_id is None
    assert CitizenRequest.objects.filter(hearing=written).count() == 1


def test_pending_comments_keep_the_report_unpublished(written, officer):
    written.status = Hearing.Status.HELD
    written.save()
    CommentFactory(hearing=written, status=Comment.Status.PENDING)
    with translation.override("en"):
        assert "1 comment still awaits moderation." in publishing.problems(written)


def test_an_upcoming_or_unpublished_consultation_has_no_report(plan, officer):
    upcoming = HearingFactory(plan=plan, upcoming=True)
    with pytest.raises(publishing.PublishRefused):
        publishing.publish(upcoming, officer)
    hidden = HearingFactory(plan=plan, is_published=False)
    with pytest.raises(publishing.PublishRefused):
        publishing.publish(hidden, officer)


def test_publishing_freezes_counts_names_only_where_agreed_and_emails_once(
    held, officer, django_capture_on_commit_callbacks
):
    _answer_all(held)
    CommentFactory(hearing=held, status=Comment.Status.PUBLISHED, email="arta@example.org")
    with pytest.raises(publishing.PublishRefused):
        publishing.publish(held, officer)  # the comment has no response yet
    publishing.respond(held, [], [Comment.objects.get(hearing=held).pk], _respond_data(status="answered"))
    with django_capture_on_commit_callbacks(execute=True):
        report = publishing.publish(held, officer)
    assert report.version == 1
    assert report.snapshot["counts"] == {
        "received": 4,
        "accepted": 1,
        "partial": 1,
        "rejected": 1,
        "answered": 1,
        "not_shown": 1,
    }
    names = [item["name"] for item in report.snapshot["items"]]
    assert "Besa Krasniqi" in names
    assert "Agim Gashi" not in names and "Drita Hoxha" not in names and "Arta Berisha" not in names
    assert not any("Rruga në Banjë" in item["text"] for item in report.snapshot["items"])
    assert report.files.count() == len(LANGUAGES)
    sent = OutgoingMail.objects.filter(kind=OutgoingMail.Kind.REPORT)
    assert sorted(sent.values_list("to", flat=True)) == ["arta@example.org", "drita@example.org"]
    assert report.notified == 2
    # A correction is version 2, needs a reason, and emails nobody again.
    request = CitizenRequest.objects.filter(hearing=held).order_by("pk")[0]
    request.answer = "Do ta bëjmë në prill."
    request.save()
    with pytest.raises(publishing.PublishRefused):
        publishing.publish(held, officer)
    second = publishing.publish(held, officer, reason="Arsyeja e plotë e refuzimit.")
    assert second.version == 2
    assert sent.count() == 2
    with pytest.raises(publishing.PublishRefused):
        publishing.publish(held, officer, reason="Asgjë e re.")  # nothing changed since version 2


def test_only_the_officer_may_publish(held, data_entry):
    _answer_all(held)
    with pytest.raises(publishing.PublishRefused):
        publishing.publish(held, data_entry)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_page_and_the_pdf_show_the_report_in_each_language(client, held, officer, language):
    _answer_all(held)
    publishing.publish(held, officer)
    with translation.override(language):
        page = client.get(held.get_absolute_url())
        pdf_url = reverse("outcomes:report-pdf", args=[held.pk])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="outcome-heading"' in html
    assert "Besa Krasniqi" in html and "Agim Gashi" not in html
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    title = held.title_sr_latn if language in ("sr-latn", "sr") and held.title_sr_latn else held.title
    assert (to_cyrillic(title) if language == "sr" else title) in text
    assert held.starts_at.astimezone(timezone.get_current_timezone()).strftime("%d.%m.%Y") in text
    assert held.place.name in text  # no Serbian name: the Albanian one, as written, in every language
    assert reader.metadata.title and reader.trailer["/Root"]["/Lang"] == language
    # The stored PDF's ETag is its SHA-256, and a repeated download is a 304.
    again = client.get(pdf_url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_the_pdf_is_a_404_before_publication_and_the_page_shows_the_answers_list(client, held):
    assert client.get(reverse("outcomes:report-pdf", args=[held.pk])).status_code == 404
    assert 'id="outcome-heading"' not in client.get(held.get_absolute_url()).content.decode()


def test_a_damaged_stored_pdf_is_never_served(client, held, officer):
    _answer_all(held)
    report = publishing.publish(held, officer)
    stored = report.files.get(language="sq")
    with stored.file.open("wb") as handle:
        handle.write(b"%PDF-1.7 changed")
    assert client.get(reverse("outcomes:report-pdf", args=[held.pk])).status_code == 503


def test_a_written_consultation_reports_once_its_comments_close(officer):
    now = timezone.now()
    closed = WrittenConsultationFactory(
        starts_at=now - datetime.timedelta(days=20), ends_at=now - datetime.timedelta(days=1)
    )
    CommentFactory(hearing=closed, status=Comment.Status.PUBLISHED, show_name=True)
    publishing.respond(closed, [], [Comment.objects.get().pk], _respond_data())
    report = publishing.publish(closed, officer)
    assert [item["name"] for item in report.snapshot["items"]] == ["Arta Berisha"]


def test_the_annual_summary_is_not_touched_by_comments_without_response(held):
    # Items without a response are counted as received and in no response.
    counts = gather(held).counts
    assert (counts.received, counts.accepted, counts.rejected) == (3, 0, 0)


def test_the_annual_report_counts_the_years_comments_and_requests_by_response(held, client):
    from reports.summary import build_annual_summary

    _answer_all(held)
    CommentFactory(hearing=held, status=Comment.Status.PUBLISHED, created_at=held.starts_at)  # no response yet
    CommentFactory(hearing=held, status=Comment.Status.SPAM, created_at=held.starts_at)  # not counted
    summary = build_annual_summary(held.plan.year, held.plan.municipality)
    assert summary.items_received == 4
    assert [(row.response, row.items) for row in summary.responses] == [
        ("accepted", 1),
        ("partial", 1),
        ("rejected", 1),
        ("answered", 0),
        ("", 1),
    ]
    with translation.override("en"):
        html = client.get(reverse("reports:annual-report", args=[held.plan.year])).content.decode()
    assert "by the municipality&#x27;s response" in html or "by the municipality's response" in html


def test_publishing_shows_at_once_on_the_cached_public_page(client, held, officer):
    _answer_all(held)
    before = client.get(held.get_absolute_url()).content.decode()
    assert 'id="outcome-heading"' not in before
    publishing.publish(held, officer)
    assert 'id="outcome-heading"' in client.get(held.get_absolute_url()).content.decode()
