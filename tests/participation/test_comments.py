"""Citizens' comments on written consultations: the form, the abuse checks and what is saved."""

import datetime
import multiprocessing
import os
import re
import signal
import threading
import time

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from consultations.models import Hearing
from participation.models import Comment, Refusal
from tests.factories import CommentFactory, PlaceFactory, WrittenConsultationFactory, comment_post_data

pytestmark = pytest.mark.django_db


def submit(client, hearing, **data):
    return client.post(reverse("participation:comment-submit", kwargs={"pk": hearing.pk}), data)


def test_valid_comment_is_saved_pending_and_redirects_to_the_received_page(client, written):
    place = PlaceFactory(municipality=written.plan.municipality)
    response = submit(client, written, **comment_post_data(written, local_community=str(place.pk)))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('participation:comment-received')}?consultation={written.pk}"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.hearing == written
    assert comment.body == "Rruga e shkollës ka nevojë për trotuar."
    assert comment.name == "Arta Berisha"
    assert comment.show_name is True
    assert comment.local_community == place
    assert comment.language == "sq"
    assert len(comment.client_hash) == 64
    assert "127.0.0.1" not in comment.client_hash
    assert Refusal.objects.count() == 0


def test_received_page_says_the_comment_awaits_moderation(client, written):
    response = client.get(f"{reverse('participation:comment-received')}?consultation={written.pk}")
    assert response.status_code == 200
    assert "participation/comment_received.html" in [t.name for t in response.templates]
    assert written.title in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "seconds_ago", "reason"),
    [
        ({"website": "http://spam.example"}, 60, Refusal.Reason.HONEYPOT),
        ({}, 0, Refusal.Reason.TOO_FAST),
        ({}, 5 * 3600, Refusal.Reason.EXPIRED),
        ({"form_started": "not-a-signed-value"}, 60, Refusal.Reason.TAMPERED),
        ({"form_started": ""}, 60, Refusal.Reason.TAMPERED),
    ],
    ids=["honeypot", "too-fast", "too-late", "tampered", "missing-timestamp"],
)
def test_abuse_check_refuses_the_comment_and_logs_it(client, written, overrides, seconds_ago, reason):
    data = comment_post_data(written, seconds_ago=seconds_ago)
    data.update(overrides)
    response = submit(client, written, **data)

    assert response.status_code == 400
    assert Comment.objects.count() == 0
    refusal = Refusal.objects.get()
    assert refusal.reason == reason
    assert refusal.hearing == written
    assert refusal.path == reverse("participation:comment-submit", kwargs={"pk": written.pk})
    assert len(refusal.client_hash) == 64
    assert "participation/refused.html" in [t.name for t in response.templates]


def test_timestamp_signed_for_another_consultation_is_refused_as_tampered(client, written):
    other = WrittenConsultationFactory(plan=written.plan)
    data = comment_post_data(other)
    response = submit(client, written, **data)
    assert response.status_code == 400
    assert Refusal.objects.get().reason == Refusal.Reason.TAMPERED
    assert Comment.objects.count() == 0


def test_too_fast_refusal_offers_the_form_again_with_the_citizens_text(client, written):
    response = submit(client, written, **comment_post_data(written, seconds_ago=0, body="Teksti im i gjatë"))
    content = response.content.decode()
    assert "Teksti im i gjatë" in content
    assert 'name="form_started"' in content


def test_rate_limit_refuses_with_429_after_the_limit(client, written, settings):
    settings.COMMENT_RATE_LIMIT = 2
    for number in range(2):
        assert submit(client, written, **comment_post_data(written, body=f"Komenti {number}")).status_code == 302

    response = submit(client, written, **comment_post_data(written, body="Komenti i tretë"))

    assert response.status_code == 429
    assert Comment.objects.count() == 2
    assert not Comment.objects.filter(body="Komenti i tretë").exists()
    assert Refusal.objects.get().reason == Refusal.Reason.RATE_LIMITED
    assert "Komenti i tretë" in response.content.decode()


def test_rate_limit_counts_per_address(client, written, settings):
    settings.COMMENT_RATE_LIMIT = 1
    assert submit(client, written, **comment_post_data(written)).status_code == 302
    other_address = client.post(
        reverse("participation:comment-submit", kwargs={"pk": written.pk}),
        comment_post_data(written),
        REMOTE_ADDR="10.0.0.7",
    )
    assert other_address.status_code == 302
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    "change",
    [
        {"status": Hearing.Status.HELD},
        {"status": Hearing.Status.CANCELLED},
        {"is_published": False},
        {"method": Hearing.Method.HEARING},
        {"ends_at": timezone.now() - datetime.timedelta(minutes=1)},
    ],
    ids=["held", "cancelled", "unpublished", "not-written", "period-over"],
)
def test_consultation_not_open_refuses_comments_and_saves_nothing(client, written, change):
    Hearing.objects.filter(pk=written.pk).update(**change)
    response = submit(client, written, **comment_post_data(written))

    assert response.status_code == 400
    assert Comment.objects.count() == 0
    assert Refusal.objects.get().reason == Refusal.Reason.CLOSED
    assert response.context["reason"] == Refusal.Reason.CLOSED


def test_unknown_consultation_is_404(client, db):
    response = client.post(reverse("participation:comment-submit", kwargs={"pk": 999}), {})
    assert response.status_code == 404


def test_get_on_the_submit_address_is_not_allowed(client, written):
    assert client.get(reverse("participation:comment-submit", kwargs={"pk": written.pk})).status_code == 405


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"body": "x" * 5001}, "body"),
        ({"name": "n" * 201}, "name"),
        ({"email": "e" * 250 + "@example.org"}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"body": "   "}, "body"),
        ({"consent": ""}, "consent"),
        ({"show_name": "on", "name": ""}, "name"),
        ({"local_community": "99999"}, "local_community"),
    ],
    ids=[
        "body-too-long",
        "name-too-long",
        "email-too-long",
        "email-invalid",
        "body-blank",
        "no-consent",
        "show-name-without-name",
        "unknown-community",
    ],
)
def test_invalid_field_shows_the_error_on_it_keeps_the_text_and_saves_nothing(client, written, overrides, field):
    data = comment_post_data(written, body="Teksti që nuk duhet humbur", **{})
    data.update(overrides)
    response = submit(client, written, **data)

    assert response.status_code == 200
    assert Comment.objects.count() == 0
    assert Refusal.objects.count() == 0
    form = response.context["form"]
    assert list(form.errors) == [field]
    if field != "body":
        assert "Teksti që nuk duhet humbur" in response.content.decode()


def test_community_of_another_municipality_is_refused_on_the_field(client, written, settings):
    from tests.factories import MunicipalityFactory

    settings.MUNICIPALITY_SLUG = written.plan.municipality.slug  # two municipalities: serve the hearing's
    elsewhere = PlaceFactory(municipality=MunicipalityFactory(slug="tjeter", name="Tjetër"))
    response = submit(client, written, **comment_post_data(written, local_community=str(elsewhere.pk)))
    assert list(response.context["form"].errors) == ["local_community"]
    assert Comment.objects.count() == 0


def render_participation(hearing):
    request = RequestFactory().get("/sq/konsultimet/")
    return render_to_string("participation/includes/hearing_participation.html", {"hearing": hearing}, request=request)


def test_open_consultation_shows_the_form_with_honeypot_and_signed_timestamp(written):
    html = render_participation(written)
    assert reverse("participation:comment-submit", kwargs={"pk": written.pk}) in html
    assert 'name="form_started"' in html
    assert 'name="website"' in html
    assert 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html
    assert "visually-hidden" in html
    assert 'name="consent"' in html


def test_the_honeypot_is_hidden_from_screen_readers_and_the_tab_key(written):
    html = render_participation(written)
    wrapper = re.search(r'<div[^>]*aria-hidden="true"[^>]*>(.*?)</div>\s*</div>', html, re.S)
    assert wrapper, "No aria-hidden wrapper in the comment form"
    assert "visually-hidden" in wrapper.group(0)
    field = re.search(r'<input[^>]*name="website"[^>]*>', wrapper.group(0))
    assert field and 'tabindex="-1"' in field.group(0)
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'maxlength="5000"' in html


def test_closed_consultation_shows_no_form(written):
    Hearing.objects.filter(pk=written.pk).update(status=Hearing.Status.HELD)
    written.refresh_from_db()
    html = render_participation(written)
    assert 'name="form_started"' not in html
    assert 'name="body"' not in html


def test_only_published_comments_are_listed_with_names_only_when_agreed_and_escaped(written):
    CommentFactory(hearing=written, status=Comment.Status.PUBLISHED, name="Emri Publik", show_name=True)
    CommentFactory(
        hearing=written,
        status=Comment.Status.PUBLISHED,
        name="Emri Privat",
        show_name=False,
        body="<script>alert(1)</script>",
    )
    CommentFactory(hearing=written, status=Comment.Status.PENDING, body="Ende pa moderuar")
    CommentFactory(hearing=written, status=Comment.Status.SPAM, body="Reklama")

    html = render_participation(written)

    assert "Emri Publik" in html
    assert "Emri Privat" not in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Ende pa moderuar" not in html
    assert "Reklama" not in html
    assert "arta@example.org" not in html


def test_behind_a_trusted_proxy_the_rate_limit_counts_the_forwarded_address(client, written, settings):
    settings.COMMENT_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("participation:comment-submit", kwargs={"pk": written.pk})
    # The first entry is what the client claims; only the last, added by our proxy, counts.
    first = client.post(url, comment_post_data(written), HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    forged = client.post(url, comment_post_data(written, body="Tjetër"), HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5")
    other = client.post(url, comment_post_data(written), HTTP_X_FORWARDED_FOR="203.0.113.6")

    assert (first.status_code, forged.status_code, other.status_code) == (302, 429, 302)
    assert Comment.objects.count() == 2


def test_a_comment_without_consent_cannot_be_stored(written):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CommentFactory(hearing=written, consent=False)


def test_the_same_comment_sent_twice_is_saved_once_and_shows_the_received_page_again(client, written):
    first = submit(client, written, **comment_post_data(written))
    again = submit(client, written, **comment_post_data(written, body="  Rruga e shkollës ka nevojë për trotuar.\n"))

    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Comment.objects.count() == 1
    assert Refusal.objects.count() == 0


def test_the_same_comment_is_recognised_from_the_database_when_the_cache_was_emptied(client, written):
    from django.core.cache import cache

    submit(client, written, **comment_post_data(written))
    cache.clear()  # a restarted worker with a local-memory cache

    assert submit(client, written, **comment_post_data(written)).status_code == 302
    assert Comment.objects.count() == 1


def _post_then_die_before_the_commit(hearing_pk: int, data: dict) -> None:
    """A worker that runs the comment view and is killed (SIGKILL) just as it inserts the comment."""

    def die_on_insert(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "participation_comment"'):
            os.kill(os.getpid(), signal.SIGKILL)
        return execute(sql, params, many, context)

    connection.connection = None  # its own session: the parent's socket is left alone
    with connection.execute_wrapper(die_on_insert):
        Client().post(reverse("participation:comment-submit", kwargs={"pk": hearing_pk}), data)


@pytest.mark.django_db(transaction=True)
def test_a_comment_whose_worker_died_before_the_commit_is_stored_when_sent_again(client, written, tmp_path, settings):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # A forked worker shares the parent's in-memory database only by accident: which tables it
        # finds locked depends on the tests before it. CI runs this on PostgreSQL.
        pytest.skip("a forked worker needs a database server; runs on PostgreSQL")
    # A cache the two processes share, as Redis is shared by gunicorn's workers.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    data = comment_post_data(written)
    worker = multiprocessing.get_context("fork").Process(
        target=_post_then_die_before_the_commit, args=(written.pk, data)
    )
    worker.start()
    worker.join(timeout=60)
    assert worker.exitcode == -signal.SIGKILL

    response = submit(client, written, **data)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("participation:comment-received"))
    assert Comment.objects.get().body == data["body"]


def test_a_different_comment_or_another_consultation_is_not_a_double_submit(client, written):
    other = WrittenConsultationFactory(plan=written.plan)
    submit(client, written, **comment_post_data(written))
    submit(client, written, **comment_post_data(written, body="Një koment tjetër"))
    submit(client, other, **comment_post_data(other))
    assert Comment.objects.count() == 3


def test_parallel_posts_cannot_all_pass_the_rate_limit(settings):
    import threading

    from participation import abuse

    settings.COMMENT_RATE_LIMIT = 5
    start = threading.Barrier(20)
    passed = []

    def post() -> None:
        start.wait()
        passed.append(abuse.take_submission("a" * 64))

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert passed.count(True) == 5


@pytest.mark.parametrize("overrides", [{"body": "x" * 5001}, {"consent": ""}], ids=["oversize", "no-consent"])
def test_invalid_posts_count_toward_the_rate_limit_and_still_keep_the_citizens_text(
    client, written, settings, overrides
):
    settings.COMMENT_RATE_LIMIT = 2
    for number in range(2):
        data = comment_post_data(written, body=f"Teksti im {number}")
        data.update(overrides)
        response = submit(client, written, **data)
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["consent" if "consent" in overrides else "body"]
        assert data["body"] in response.content.decode()

    refused = submit(client, written, **comment_post_data(written, body="Tani si duhet"))

    assert refused.status_code == 429
    assert Comment.objects.count() == 0
    assert "Tani si duhet" in refused.content.decode()


@pytest.mark.parametrize(
    ("window", "text"),
    [
        (3600, "Please wait up to 1 hour and try again"),
        (7200, "Please wait up to 2 hours and try again"),
        (900, "Please wait up to 15 minutes and try again"),
        (90, "Please wait up to 2 minutes and try again"),
    ],
)
def test_the_rate_limit_page_states_the_configured_window(client, written, settings, window, text):
    settings.COMMENT_RATE_LIMIT = 1
    settings.COMMENT_RATE_WINDOW_SECONDS = window
    url = reverse("participation:comment-submit", kwargs={"pk": written.pk}).replace("/sq/", "/en/", 1)
    client.post(url, comment_post_data(written))

    response = client.post(url, comment_post_data(written, body="Një tjetër"))

    assert response.status_code == 429
    assert text in response.content.decode()


def test_the_consent_says_the_local_community_is_shown_with_a_published_comment(written):
    from django.utils import translation

    from participation.forms import CommentForm

    with translation.override("en"):
        consent = str(CommentForm(hearing=written).fields["consent"].label)
    assert "published after moderation, together with my local community if I chose one" in consent


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_postgresql_stores_one_comment(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite queues every writer at BEGIN IMMEDIATE; the row lock is PostgreSQL's")
    written = WrittenConsultationFactory()
    data = comment_post_data(written)
    first_is_inserting = threading.Event()

    def slow_insert(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "participation_comment"'):
            first_is_inserting.set()
            time.sleep(0.5)  # the second post arrives meanwhile and must wait for this one's commit
        return execute(sql, params, many, context)

    def first_post() -> None:
        with connection.execute_wrapper(slow_insert):
            Client().post(reverse("participation:comment-submit", kwargs={"pk": written.pk}), data)
        connection.close()

    thread = threading.Thread(target=first_post)
    thread.start()
    assert first_is_inserting.wait(10)
    second = Client().post(reverse("participation:comment-submit", kwargs={"pk": written.pk}), data)
    thread.join()

    assert second.status_code == 302
    assert Comment.objects.filter(hearing=written).count() == 1
