"""Subscriptions: double opt-in, notifications of new consultations and one-click unsubscribing.

Mail leaves after the commit: calls that may send run inside `django_capture_on_commit_callbacks(execute=True)`.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from consultations.models import Hearing
from notifications.mail import notify_subscribers_of_hearing
from notifications.models import NotifiedHearing, OutgoingMail, Subscriber
from participation.models import Refusal
from tests.factories import SubscriberFactory, WrittenConsultationFactory, subscribe_post_data

# Subscribing is to a municipality: the portal under test serves one.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("municipality")]


def subscribe(client, email="qytetari@example.org", **extra):
    return client.post(reverse("participation:subscribe"), subscribe_post_data(email, **extra))


def test_subscribe_form_page_renders(client, db):
    response = client.get(reverse("participation:subscribe"))
    assert response.status_code == 200
    assert 'name="consent"' in response.content.decode()
    assert 'name="form_started"' in response.content.decode()


def test_subscribing_sends_a_confirmation_link_and_no_notification_until_confirmed(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://konsultime.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, "Qytetari@Example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("participation:subscribe-sent")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "qytetari@example.org"
    assert subscriber.confirmed_at is None
    assert len(subscriber.token) >= 32
    assert len(mail.outbox) == 1
    confirm_url = reverse("notifications:subscription-confirm", kwargs={"token": subscriber.token})
    assert f"https://konsultime.example.org{confirm_url}" in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_subscribers_of_hearing(WrittenConsultationFactory()) == 0
    assert mail.outbox == []


def test_confirmation_needs_the_button_then_notifications_carry_unsubscribe_links(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://konsultime.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)
    subscriber = Subscriber.objects.get()
    confirm_url = reverse("notifications:subscription-confirm", kwargs={"token": subscriber.token})

    assert client.get(confirm_url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None  # a link scanner's GET confirms nothing

    assert client.post(confirm_url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None

    mail.outbox.clear()
    hearing = WrittenConsultationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_subscribers_of_hearing(hearing) == 1
    message = mail.outbox[0]
    unsubscribe_url = "https://konsultime.example.org" + reverse(
        "notifications:unsubscribe", kwargs={"token": subscriber.token}
    )
    assert message.to == ["qytetari@example.org"]
    assert hearing.title in message.subject
    assert unsubscribe_url in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.message()["List-Unsubscribe"] == f"<{unsubscribe_url}>"


def test_unsubscribe_get_asks_and_post_stops_all_mail(client, django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory()
    url = reverse("notifications:unsubscribe", kwargs={"token": subscriber.token})

    assert client.get(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None

    assert client.post(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_subscribers_of_hearing(WrittenConsultationFactory()) == 0
    assert mail.outbox == []


def test_one_click_unsubscribe_from_a_mail_program_needs_no_csrf_token(db):
    from django.test import Client

    subscriber = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("notifications:unsubscribe", kwargs={"token": subscriber.token}),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_unknown_token_gets_a_clear_404(client, db):
    for name in ("notifications:unsubscribe", "notifications:subscription-confirm"):
        response = client.get(reverse(name, kwargs={"token": "x" * 43}))
        assert response.status_code == 404
        assert "notifications/link_invalid.html" in [t.name for t in response.templates]


def test_subscribing_again_after_unsubscribing_needs_a_new_confirmation_and_keeps_old_links_working(
    client, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="qytetari@example.org", unsubscribed_at=timezone.now())
    old_token = subscriber.token

    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)

    subscriber.refresh_from_db()
    assert subscriber.token == old_token
    assert subscriber.confirmed_at is None
    assert subscriber.unsubscribed_at is None
    assert len(mail.outbox) == 1
    assert reverse("notifications:subscription-confirm", kwargs={"token": old_token}) in mail.outbox[0].body
    # The unsubscribe link of a notification sent before still works.
    old_unsubscribe = client.post(reverse("notifications:unsubscribe", kwargs={"token": old_token}))
    assert old_unsubscribe.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_subscribing_a_confirmed_address_sends_nothing_and_says_the_same(client, django_capture_on_commit_callbacks):
    SubscriberFactory(email="qytetari@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client)
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "consent", "field"),
    [("jo-adrese", "on", "email"), ("a@example.org", "", "consent"), ("a" * 250 + "@x.org", "on", "email")],
    ids=["invalid-email", "no-consent", "too-long"],
)
def test_invalid_subscription_shows_the_error_and_saves_nothing(
    client, db, email, consent, field, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, email, consent=consent)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


def test_subscription_honeypot_is_refused_and_logged(client, db):
    response = subscribe(client, website="http://spam.example")
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0
    assert Refusal.objects.get().reason == Refusal.Reason.HONEYPOT


def test_notify_subscribers_command_announces_each_published_upcoming_hearing_once(
    django_capture_on_commit_callbacks,
):
    SubscriberFactory()
    SubscriberFactory(confirmed_at=None)
    open_now = WrittenConsultationFactory()
    unpublished = WrittenConsultationFactory(is_published=False)
    WrittenConsultationFactory(
        status=Hearing.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=10),
        ends_at=timezone.now() - datetime.timedelta(days=9),
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_subscribers")
        call_command("notify_subscribers")

    assert len(mail.outbox) == 1
    assert open_now.title in mail.outbox[0].subject
    assert NotifiedHearing.objects.get().hearing == open_now
    assert NotifiedHearing.objects.get().recipients == 1

    Hearing.objects.filter(pk=unpublished.pk).update(is_published=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_subscribers")
    assert len(mail.outbox) == 2


def test_notifications_are_only_stored_and_leave_with_the_mail_worker(django_capture_on_commit_callbacks):
    SubscriberFactory(email="a@example.org")
    SubscriberFactory(email="b@example.org")
    hearing = WrittenConsultationFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert notify_subscribers_of_hearing(hearing) == 2

    for callback in callbacks:
        callback()  # the commit enqueues one sending task for the batch, and talks to no mail server
    assert mail.outbox == []
    assert OutgoingMail.objects.pending().count() == 2
    assert DBTaskResult.objects.count() == 1
    call_command("run_worker", batch=True, verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert OutgoingMail.objects.pending().count() == 0


def test_notification_is_in_the_subscribers_language(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://konsultime.example.org"
    subscriber = SubscriberFactory(language="sr-latn")
    hearing = WrittenConsultationFactory(title_sr_latn="Pismena konsultacija o budžetu")
    with django_capture_on_commit_callbacks(execute=True):
        notify_subscribers_of_hearing(hearing)
    message = mail.outbox[0]
    assert "Pismena konsultacija o budžetu" in message.subject
    assert f"https://konsultime.example.org/sr-latn/abonohu/cregjistrohu/{subscriber.token}/" in message.body


def test_an_unpublished_hearing_is_not_announced(django_capture_on_commit_callbacks):
    SubscriberFactory()
    hearing = WrittenConsultationFactory(is_published=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_subscribers_of_hearing(hearing) == 0
    assert mail.outbox == []
    assert not NotifiedHearing.objects.exists()


def test_a_notification_queued_before_the_subscriber_unsubscribed_is_dropped_not_sent(
    client, caplog, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="qytetari@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        notify_subscribers_of_hearing(WrittenConsultationFactory())
    client.post(reverse("notifications:unsubscribe", kwargs={"token": subscriber.token}))

    out = io.StringIO()
    with translation.override("en"):
        call_command("send_pending_mail", stdout=out)

    assert mail.outbox == []
    stored = OutgoingMail.objects.get()
    assert stored.sent_at is None
    assert stored.dropped_at is not None
    assert stored.dropped_reason == OutgoingMail.DropReason.UNSUBSCRIBED
    assert OutgoingMail.objects.pending().count() == 0
    assert stored.attempts == 1  # the worker claimed it, then found the subscriber gone
    assert out.getvalue().startswith("Sent 0, failed 0 (tried again later), refused 0 (not retried), dropped 1")
    assert f"Dropped mail {stored.pk} (notification), not sent: unsubscribed" in caplog.text


def test_send_pending_mail_drops_a_failed_notification_once_the_subscription_is_unconfirmed(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.FailingBackend"
    subscriber = SubscriberFactory(email="qytetari@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify_subscribers_of_hearing(WrittenConsultationFactory())
    assert OutgoingMail.objects.get().attempts == 1
    # Unsubscribed and subscribed again: the address is not confirmed yet.
    Subscriber.objects.filter(pk=subscriber.pk).update(unsubscribed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)
    OutgoingMail.objects.update(next_attempt_at=None)  # both back-offs are over

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    with translation.override("en"):
        call_command("send_pending_mail", stdout=out)

    assert out.getvalue().startswith("Sent 1, failed 0 (tried again later), refused 0 (not retried), dropped 1")
    notification = OutgoingMail.objects.get(kind=OutgoingMail.Kind.NOTIFICATION)
    assert notification.dropped_reason == OutgoingMail.DropReason.NOT_SUBSCRIBED
    assert notification.sent_at is None
    assert [m.to for m in mail.outbox] == [["qytetari@example.org"]]  # only the new confirmation
    assert "konfirmo" in mail.outbox[0].body


def test_the_form_sent_again_within_the_cooldown_sends_no_new_confirmation_and_keeps_the_link(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CONFIRMATION_EMAIL_COOLDOWN_SECONDS = 15 * 60
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)
        token = Subscriber.objects.get().token
        for _ in range(3):
            assert subscribe(client, "Qytetari@example.org").status_code == 302

    assert len(mail.outbox) == 1
    subscriber = Subscriber.objects.get()
    assert subscriber.token == token
    confirm_url = reverse("notifications:subscription-confirm", kwargs={"token": token})
    assert client.post(confirm_url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None


def test_after_the_cooldown_the_same_link_is_emailed_again(client, settings, django_capture_on_commit_callbacks):
    settings.CONFIRMATION_EMAIL_COOLDOWN_SECONDS = 15 * 60
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - datetime.timedelta(minutes=16))

    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)

    token = Subscriber.objects.get().token
    confirm_url = reverse("notifications:subscription-confirm", kwargs={"token": token})
    assert len(mail.outbox) == 2
    assert all(confirm_url in message.body for message in mail.outbox)


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"seconds_ago": 0}, Refusal.Reason.TOO_FAST),
        ({"seconds_ago": 5 * 3600}, Refusal.Reason.EXPIRED),
        ({"form_started": "not-a-signed-value"}, Refusal.Reason.TAMPERED),
        ({"form_started": ""}, Refusal.Reason.TAMPERED),
    ],
    ids=["too-fast", "too-late", "tampered", "missing-timestamp"],
)
def test_subscription_form_timestamp_is_checked_and_a_refusal_saves_nothing(
    client, overrides, reason, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, **overrides)

    assert response.status_code == 400
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []
    assert Refusal.objects.get().reason == reason
    assert "comment" not in response.content.decode().lower()


def test_a_too_fast_subscription_offers_the_form_again_with_the_address(client):
    response = subscribe(client, "arta@example.org", seconds_ago=0)
    content = response.content.decode()
    assert 'value="arta@example.org"' in content
    assert 'name="form_started"' in content
    assert reverse("participation:subscribe") in content


def test_a_timestamp_signed_for_a_comment_form_is_refused_on_the_subscription_form(client, written):
    from tests.factories import comment_post_data

    response = subscribe(client, form_started=comment_post_data(written)["form_started"])
    assert response.status_code == 400
    assert Refusal.objects.get().reason == Refusal.Reason.TAMPERED


def test_subscription_honeypot_refusal_speaks_of_the_subscription_not_of_comments(client, db):
    with translation.override("en"):
        response = client.post(reverse("participation:subscribe"), subscribe_post_data(website="http://spam.example"))
    content = response.content.decode()
    assert "reload the subscription page and subscribe again" in content
    assert "comment" not in content.lower()


def test_an_unsubscribe_link_whose_subscription_was_deleted_says_so(client, db):
    with translation.override("en"):
        response = client.post(reverse("notifications:unsubscribe", kwargs={"token": "x" * 43}))
    assert response.status_code == 404
    assert "No subscription uses this link any more" in response.content.decode()
