"""Findings of the attack run: inputs that gave a 500 now get a clear answer, and nothing is saved."""

import pytest
from django.urls import reverse

from notifications.models import Subscriber
from participation.models import Comment
from tests.factories import SubscriberFactory, comment_post_data

pytestmark = pytest.mark.django_db


def test_a_comment_with_a_nul_byte_is_refused_on_the_body_and_not_saved(client, written):
    data = comment_post_data(written, body="Rruga\x00 e shkollës")
    response = client.post(reverse("participation:comment-submit", kwargs={"pk": written.pk}), data)
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("value", ["²", "١", "99999999999999999999999", "9" * 5000, "%00", "\x00"])
def test_the_received_page_ignores_a_consultation_that_is_not_a_plain_number(client, value):
    response = client.get(reverse("participation:comment-received"), {"consultation": value})
    assert response.status_code == 200
    assert response.context["hearing"] is None


@pytest.mark.parametrize("name", ["notifications:subscription-confirm", "notifications:unsubscribe"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_nul_byte_in_a_subscription_token_finds_no_one(client, name, method):
    subscriber = SubscriberFactory(confirmed_at=None)
    url = reverse(name, kwargs={"token": "abc"}).replace("abc", subscriber.token[:10] + "%00")
    response = getattr(client, method)(url)
    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    assert subscriber.unsubscribed_at is None
    assert Subscriber.objects.count() == 1
