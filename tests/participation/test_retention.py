"""Data retention: what purge_old_records deletes after RETENTION_DAYS, and what it must keep."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from notifications.models import OutgoingMail, Subscriber
from notifications.sending import MAX_ATTEMPTS
from participation.models import Comment, Refusal
from register.models import CitizenRequest
from tests.factories import CitizenRequestFactory, CommentFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

DAYS = 90


def ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def mail(created_days_ago: int, sent_days_ago: int | None = None, attempts: int = 0) -> OutgoingMail:
    return OutgoingMail.objects.create(
        to="qytetari@example.org",
        subject="Përgjigje",
        body="Përgjigja jonë.",
        kind=OutgoingMail.Kind.ANSWER,
        created_at=ago(created_days_ago),
        sent_at=None if sent_days_ago is None else ago(sent_days_ago),
        attempts=attempts,
    )


@pytest.fixture
def records():
    """For each kind, one record past the retention period and the ones that must stay."""
    old, recent = DAYS + 1, DAYS - 1
    return {
        "old": [
            Refusal.objects.create(reason=Refusal.Reason.HONEYPOT, created_at=ago(old)),
            mail(created_days_ago=old + 1, sent_days_ago=old),
            mail(created_days_ago=old, attempts=MAX_ATTEMPTS),
            SubscriberFactory(confirmed_at=None, created_at=ago(old)),
            SubscriberFactory(created_at=ago(old + 10), unsubscribed_at=ago(old)),
            CommentFactory(status=Comment.Status.SPAM, created_at=ago(old)),
        ],
        "kept": [
            Refusal.objects.create(reason=Refusal.Reason.TOO_FAST, created_at=ago(recent)),
            mail(created_days_ago=recent, sent_days_ago=recent),
            mail(created_days_ago=old, attempts=1),  # still to be sent
            SubscriberFactory(confirmed_at=ago(old), created_at=ago(old)),  # an active subscriber
            SubscriberFactory(confirmed_at=None, created_at=ago(recent)),
            CommentFactory(status=Comment.Status.SPAM, created_at=ago(recent)),
            CommentFactory(status=Comment.Status.PUBLISHED, created_at=ago(old)),
            CommentFactory(status=Comment.Status.REJECTED, created_at=ago(old), rejection_reason="Jashtë teme"),
        ],
    }


def run(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("purge_old_records", *args, stdout=out)
    return out.getvalue()


def exists(record) -> bool:
    return type(record).objects.filter(pk=record.pk).exists()


def test_purge_deletes_what_is_older_than_the_retention_period_and_keeps_the_rest(records, settings):
    settings.RETENTION_DAYS = DAYS
    output = run()

    assert [record for record in records["old"] if exists(record)] == []
    assert all(exists(record) for record in records["kept"])
    assert (
        "Older than 90 days, deleted: 1 refused submissions, 2 emails, 2 lapsed subscriptions, 1 spam comments."
        in output
    )


def test_dry_run_counts_and_deletes_nothing(records):
    output = run("--days", str(DAYS), "--dry-run")

    assert all(exists(record) for record in records["old"] + records["kept"])
    assert "would delete: 1 refused submissions, 2 emails, 2 lapsed subscriptions, 1 spam comments." in output


def test_the_register_of_requests_is_never_purged(settings):
    settings.RETENTION_DAYS = 1
    request = CitizenRequestFactory(received_on=datetime.date(2020, 1, 1), citizen_email="qytetari@example.org")
    CommentFactory(status=Comment.Status.PUBLISHED, created_at=ago(1000), request=request)
    run()
    assert CitizenRequest.objects.filter(pk=request.pk).exists()
    assert Comment.objects.filter(request=request).exists()


@pytest.mark.parametrize("days", ["0", "-5"])
def test_a_retention_below_one_day_is_refused_and_nothing_is_deleted(records, days):
    with translation.override("en"), pytest.raises(CommandError, match=r"--days must be at least 1\."):
        call_command("purge_old_records", "--days", days)
    assert all(exists(record) for record in records["old"] + records["kept"])
    assert Subscriber.objects.count() == 4


def test_an_old_address_that_subscribed_again_recently_is_kept_and_dropped_mail_is_purged(settings):
    settings.RETENTION_DAYS = DAYS
    subscribed_again = SubscriberFactory(confirmed_at=None, created_at=ago(400), confirmation_sent_at=ago(1))
    dropped = mail(created_days_ago=DAYS + 2)
    OutgoingMail.objects.filter(pk=dropped.pk).update(
        kind=OutgoingMail.Kind.NOTIFICATION, dropped_at=ago(DAYS + 1), dropped_reason="unsubscribed"
    )

    run()

    assert exists(subscribed_again)
    assert not exists(dropped)
