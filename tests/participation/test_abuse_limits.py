"""Abuse protection that cannot be turned against the database: /64 counting, sampled refusals, order, commit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation import abuse
from participation.models import Comment, Refusal
from tests.factories import comment_post_data

pytestmark = pytest.mark.django_db


def post(client, hearing, address="203.0.113.5", **data):
    url = reverse("participation:comment-submit", kwargs={"pk": hearing.pk})
    return client.post(url, data or comment_post_data(hearing), REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:0db8:0001:0002:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("198.51.100.7", "198.51.100.7"),
        ("not an address", "not an address"),
    ],
)
def test_ipv6_addresses_count_by_their_64_network(address, network):
    assert abuse.client_network(address) == network


def test_addresses_of_one_ipv6_64_share_one_rate_limit(client, written, settings):
    settings.COMMENT_RATE_LIMIT = 2
    statuses = [
        post(client, written, f"2001:db8:1:2::{n:x}", **comment_post_data(written, body=f"Koment {n}")).status_code
        for n in range(1, 4)
    ]
    other_network = post(client, written, "2001:db8:1:3::1", **comment_post_data(written, body="Tjetër"))

    assert statuses == [302, 302, 429]
    assert other_network.status_code == 302
    assert Comment.objects.count() == 3


def test_a_flood_of_rate_limited_posts_writes_one_sample_row_with_the_count(client, written, settings):
    settings.COMMENT_RATE_LIMIT = 1
    post(client, written)
    for n in range(40):
        assert post(client, written, **comment_post_data(written, body=f"Spam {n}")).status_code == 429

    refusal = Refusal.objects.get()
    assert refusal.reason == Refusal.Reason.RATE_LIMITED
    # Brought up to date at 2, 4, 8, 16 and 32 refusals: never more than the truth, at least half of it.
    assert refusal.count == 32


def test_a_rate_limited_post_makes_no_write_and_no_comment_query(client, written, settings):
    settings.COMMENT_RATE_LIMIT = 1
    post(client, written)
    post(client, written, **comment_post_data(written, body="Spam 1"))  # the sample row
    post(client, written, **comment_post_data(written, body="Spam 2"))  # count 2
    with CaptureQueriesContext(connection) as queries:
        assert post(client, written, **comment_post_data(written, body="Spam 3")).status_code == 429
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if sql.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert not [sql for sql in statements if "participation_comment" in sql]


def test_the_duplicate_check_runs_after_the_rate_limit(client, written, settings):
    settings.COMMENT_RATE_LIMIT = 1
    data = comment_post_data(written)
    assert post(client, written, **data).status_code == 302
    # The same text again: past the limit it is refused before any lookup of earlier comments.
    with CaptureQueriesContext(connection) as queries:
        response = post(client, written, **data)
    assert response.status_code == 429
    assert not [query for query in queries.captured_queries if "participation_comment" in query["sql"]]
