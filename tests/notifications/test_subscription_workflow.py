"""Subscriptions (notifications.subscriptions) called directly: double opt-in, confirming, unsubscribing."""

import pytest
from django.core import mail

from municipalities.scoping import scope
from notifications import subscriptions
from notifications.models import Subscriber

pytestmark = pytest.mark.django_db


def test_a_subscription_is_confirmed_by_its_link_and_ended_by_unsubscribing(
    municipality, django_capture_on_commit_callbacks
):
    # Subscribing is a municipality's: the request's scope says which (municipalities.middleware).
    with django_capture_on_commit_callbacks(execute=True), scope(municipality):
        subscriptions.request_subscription("qytetari@example.org", "sr-latn")
    subscriber = Subscriber.objects.get()
    assert not subscriber.is_active
    assert subscriber.token in mail.outbox[0].body

    found = subscriptions.find_subscriber(subscriber.token)
    subscriptions.confirm(found)
    assert Subscriber.objects.get().is_active

    subscriptions.unsubscribe(found)
    subscriptions.confirm(found)  # an old confirmation link does not bring the subscription back
    assert not Subscriber.objects.get().is_active


def test_a_token_no_link_could_carry_finds_no_one():
    assert subscriptions.find_subscriber("x" * 65) is None
    assert subscriptions.find_subscriber("") is None
