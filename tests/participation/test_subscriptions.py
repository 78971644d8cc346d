"""Subscriptions: double opt-in, notifications of new consultations and one-click unsubscribing.

Mail leaves after the commit: calls that may send run inside `django_capture_on_commit_callbacks(execute=True)`.
"""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultations.models import Hearing
from participation.mail import notify_subscribers_of_hearing
from participation.models import NotifiedHearing, OutgoingMail, Refusal, Subscriber
from tests.participation.factories import SubscriberFactory, WrittenConsultationFactory

pytestmark = pytest.mark.django_db


def subscribe(client, email="qytetari@example.org", **extra):
    data = {"email": email, "consent": "on", "website": "", **extra}
    return client.post(reverse("participation:subscribe"), data)


def test_subscribe_form_page_renders(client, db):
    response = client.get(reverse("participation:subscribe"))
    assert response.status_code == 200
    assert 'name="consent"' in response.content.decode()


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
    confirm_url = reverse("participation:subscription-confirm", kwargs={"token": subscriber.token})
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
    confirm_url = reverse("participation:subscription-confirm", kwargs={"token": subscriber.token})

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
        "participation:unsubscribe", kwargs={"token": subscriber.token}
    )
    assert message.to == ["qytetari@example.org"]
    assert hearing.title in message.subject
    assert unsubscribe_url in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.message()["List-Unsubscribe"] == f"<{unsubscribe_url}>"


def test_unsubscribe_get_asks_and_post_stops_all_mail(client, django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory()
    url = reverse("participation:unsubscribe", kwargs={"token": subscriber.token})

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
        reverse("participation:unsubscribe", kwargs={"token": subscriber.token}),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_unknown_token_gets_a_clear_404(client, db):
    for name in ("participation:unsubscribe", "participation:subscription-confirm"):
        response = client.get(reverse(name, kwargs={"token": "x" * 43}))
        assert response.status_code == 404
        assert "participation/link_invalid.html" in [t.name for t in response.templates]


def test_subscribing_again_after_unsubscribing_needs_a_new_confirmation(client, django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory(email="qytetari@example.org", unsubscribed_at=timezone.now())
    old_token = subscriber.token

    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)

    subscriber.refresh_from_db()
    assert subscriber.token != old_token
    assert subscriber.confirmed_at is None
    assert subscriber.unsubscribed_at is None
    assert len(mail.outbox) == 1


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
        response = client.post(reverse("participation:subscribe"), {"email": email, "consent": consent})
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


def test_notifications_leave_only_after_the_commit(django_capture_on_commit_callbacks):
    SubscriberFactory(email="a@example.org")
    SubscriberFactory(email="b@example.org")
    hearing = WrittenConsultationFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert notify_subscribers_of_hearing(hearing) == 2

    assert mail.outbox == []
    assert OutgoingMail.objects.pending().count() == 2
    for callback in callbacks:
        callback()
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
