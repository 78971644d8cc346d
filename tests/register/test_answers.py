"""The answering workflow (register.answers) called directly, as admin actions, views and commands call it."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import translation

from participation.models import Comment
from participation.moderation import turn_into_requests
from register import answers
from register.models import CitizenRequest
from tests.factories import CitizenRequestFactory, CommentFactory

pytestmark = pytest.mark.django_db

ANSWER = {
    "status": CitizenRequest.Status.ACCEPTED,
    "answered_via": CitizenRequest.AnswerChannel.EMAIL,
    "answered_on": datetime.date(2025, 10, 1),
    "answer": "Ndriçimi vendoset në nëntor.",
    "rejection_reason": "",
}


def test_answer_several_answers_the_open_requests_and_skips_the_answered(hearing, django_capture_on_commit_callbacks):
    first = CitizenRequestFactory(hearing=hearing, citizen_email="a@example.org")
    second = CitizenRequestFactory(hearing=hearing, citizen_email="b@example.org")
    done = CitizenRequestFactory(
        hearing=hearing,
        status="answered",
        answer="Më parë.",
        answered_via="spot",
        answered_on=datetime.date(2025, 9, 20),
    )

    with django_capture_on_commit_callbacks(execute=True):
        outcome = answers.answer_several([first, second, done], ANSWER)

    assert [r.pk for r in outcome.changed] == [first.pk, second.pk]
    assert [r.pk for r in outcome.skipped] == [done.pk]
    assert not outcome.refused
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    done.refresh_from_db()
    assert done.answer == "Më parë."
    assert set(CitizenRequest.objects.filter(pk__in=[first.pk, second.pk]).values_list("answer", flat=True)) == {
        ANSWER["answer"]
    }


def test_answer_several_changes_nothing_when_one_request_breaks_a_rule(hearing):
    fine = CitizenRequestFactory(hearing=hearing, citizen_email="a@example.org")
    no_address = CitizenRequestFactory(hearing=hearing, citizen_email="")

    outcome = answers.answer_several([fine, no_address], ANSWER)

    assert [r.pk for r, _error in outcome.invalid] == [no_address.pk]
    assert outcome.changed == []
    assert CitizenRequest.objects.unanswered().count() == 2
    assert mail.outbox == []


def test_set_public_publishes_all_or_none(hearing):
    answered = CitizenRequestFactory(
        hearing=hearing, status="answered", answer="Po.", answered_via="spot", answered_on=datetime.date(2025, 9, 20)
    )
    withheld = CitizenRequestFactory(hearing=hearing, withheld=True)

    refused = answers.set_public([answered, withheld], True)
    assert [r.pk for r in refused.withheld] == [withheld.pk]
    assert not CitizenRequest.objects.public().exists()

    published = answers.set_public([answered], True)
    assert [r.pk for r in published.changed] == [answered.pk]
    assert list(CitizenRequest.objects.public()) == [answered]


def test_withholding_a_request_unpublishes_it_and_the_database_keeps_it_so(hearing):
    public = CitizenRequestFactory(hearing=hearing, is_public=True)

    answers.withhold(public.pk, True)

    public.refresh_from_db()
    assert (public.withheld, public.is_public) == (True, False)
    with pytest.raises(IntegrityError), transaction.atomic():
        CitizenRequest.objects.filter(pk=public.pk).update(is_public=True)


def test_an_answer_is_emailed_once_in_the_citizens_language(hearing, django_capture_on_commit_callbacks):
    citizen_request = CitizenRequestFactory(
        hearing=hearing,
        citizen_email="c@example.org",
        language="en",
        **{k: v for k, v in ANSWER.items() if k != "rejection_reason"},
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert answers.email_answer_once(citizen_request) is not None
        assert answers.email_answer_once(citizen_request) is None

    assert len(mail.outbox) == 1
    with translation.override("en"):
        assert mail.outbox[0].subject.startswith("Answer to your request")


def test_answer_recorded_warns_only_when_an_emailed_answer_changed(hearing, django_capture_on_commit_callbacks):
    citizen_request = CitizenRequestFactory(
        hearing=hearing, citizen_email="c@example.org", **{k: v for k, v in ANSWER.items() if k != "rejection_reason"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert answers.answer_recorded(citizen_request) is None
    assert len(mail.outbox) == 1

    assert answers.answer_recorded(citizen_request, ["topic"]) is None
    warning = answers.answer_recorded(citizen_request, ["answer"])
    assert warning == answers.already_emailed_warning(citizen_request.answer_emailed_at)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("language", "subject", "thanks"),
    [
        ("en", "Answer to your comment", "Thank you for your comment in the public consultation"),
        ("sq", "Përgjigje për komentin tuaj", "Ju faleminderit për komentin tuaj në konsultimin publik"),
        ("sr-latn", "Odgovor na Vaš komentar", "Hvala Vam na komentaru u javnoj konsultaciji"),
    ],
)
def test_a_commenter_is_thanked_for_the_comment_not_for_a_request(
    written, language, subject, thanks, django_capture_on_commit_callbacks
):
    comment = CommentFactory(hearing=written, language=language, status=Comment.Status.PUBLISHED)
    (citizen_request,), _skipped = turn_into_requests([comment])
    CitizenRequest.objects.filter(pk=citizen_request.pk).update(
        **{**ANSWER, "answered_on": citizen_request.received_on}
    )
    citizen_request.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        answers.email_answer_once(citizen_request)

    assert mail.outbox[0].subject.startswith(subject)
    assert thanks in mail.outbox[0].body
    assert "request" not in mail.outbox[0].body.split("\n\n")[1]
