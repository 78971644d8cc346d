"""The shared page cache: a hit reads no database, an edit shows at once, private pages are never shared."""

import datetime
import gzip

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from consultations.models import Hearing
from register.models import CitizenRequest
from reports.provisional import render_provisional_report
from tests.consultations.test_admin import _hearing_data, _url
from tests.factories import CitizenRequestFactory, HearingFactory

PAGES = [
    "/sq/",
    "/sq/konsultimet/",
    "/sq/konsultimet/?q=buxhet&page=1",
    "/en/konsultimet/{pk}/{slug}/",
    "/sq/plani/",
    "/sq/plani/2025/",
    "/sq/raportet/",
    "/sq/raportet/2025/",
    "/sq/opendata/",
    "/sq/feeds/rss/",
    "/sq/feeds/atom/",
    "/konsultimet.ics",
    "/konsultimet-2025.ics?lang=bs",
    "/konsultimet/{pk}.ics?lang=sr-latn",
    "/opendata/hearings-2025.csv",
    "/opendata/hearings-2025.json",
    "/opendata/plan-2025.json",
    "/opendata/datapackage-2025.json?lang=en",
    "/opendata/catalog.jsonld",
]


def _redis_available() -> bool:
    import redis

    try:
        return redis.Redis.from_url("redis://127.0.0.1:6379/10", socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The page cache on local memory and on Redis (database 10, emptied around the test)."""
    if request.param == "redis":
        if not _redis_available():
            pytest.skip("no Redis server at 127.0.0.1:6379")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/10",
            }
        }
        cache.clear()
        yield request.param
        cache.clear()
    else:
        yield request.param


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_a_second_anonymous_request_is_served_without_a_database_query(
    client, page_cache, hearing, django_assert_num_queries, page
):
    address = page.format(pk=hearing.pk, slug=hearing.slug)
    first = client.get(address)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    body = _body(first)  # a streamed file is stored once the client has read it to the end
    with django_assert_num_queries(0):
        again = client.get(address)
    assert again.status_code == 200
    assert again["X-Page-Cache"] == "hit"
    assert again.content == body
    assert again["Content-Type"] == first["Content-Type"]


@pytest.mark.django_db
def test_a_cached_page_answers_if_none_match_with_304_and_no_query(client, hearing, django_assert_num_queries):
    address = hearing.get_absolute_url()
    etag = client.get(address)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(address, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/konsultimet.ics", "/opendata/hearings-2025.csv", "/sq/raportet/2025/pdf/"])
def test_calendars_open_data_and_pdfs_answer_304_to_their_etag(client, hearing, address):
    render_provisional_report.call(hearing.plan.municipality_id, 2025)  # the PDF: the worker's rendered copy
    first = client.get(address)
    _body(first)  # a streamed body is stored once it has been read to the end
    assert first["ETag"]
    assert client.get(address, headers={"if-none-match": first["ETag"]}).status_code == 304


@pytest.mark.django_db
def test_the_feed_answers_if_modified_since_with_304(client, hearing):
    first = client.get("/sq/feeds/rss/")
    response = client.get("/sq/feeds/rss/", headers={"if-modified-since": first["Last-Modified"]})
    assert response.status_code == 304


@pytest.mark.django_db
def test_a_view_that_sets_its_own_etag_keeps_it(rf, hearing):
    from django.http import HttpResponse

    from web.pagecache import public_page

    def published_pdf(request):
        response = HttpResponse(b"%PDF-1.7 frozen", content_type="application/pdf")
        response["ETag"] = '"sha256-of-the-stored-bytes"'
        return response

    view = public_page(published_pdf)
    assert view(rf.get("/frozen.pdf"))["ETag"] == '"sha256-of-the-stored-bytes"'
    assert view(rf.get("/frozen.pdf"))["ETag"] == '"sha256-of-the-stored-bytes"'  # and from the cache


@pytest.mark.django_db
def test_an_edit_in_the_admin_shows_on_the_next_anonymous_request(client, page_cache, data_entry, hearing):
    address = hearing.get_absolute_url()
    assert hearing.title in client.get(address).content.decode()
    assert client.get(address)["X-Page-Cache"] == "hit"

    staff = Client()
    staff.force_login(data_entry)
    data = _hearing_data(hearing.plan, hearing.place, title_sq="Dëgjim për ndriçimin publik")
    assert staff.post(_url("hearing_change", hearing.pk), data).status_code == 302

    response = client.get(address)
    assert response["X-Page-Cache"] == "miss"
    assert "Dëgjim për ndriçimin publik" in response.content.decode()
    assert "Dëgjim për ndriçimin publik" in client.get("/sq/konsultimet/").content.decode()


@pytest.mark.django_db
def test_a_request_made_public_shows_on_the_cached_hearing_page(client, hearing):
    address = hearing.get_absolute_url()
    client.get(address)
    CitizenRequestFactory(
        hearing=hearing,
        municipality=hearing.plan.municipality,
        topic="Ujësjellësi në Vrellë",
        status=CitizenRequest.Status.ANSWERED,
        answer="Po.",
        answered_on=hearing.starts_at.date(),
        answered_via=CitizenRequest.AnswerChannel.ON_THE_SPOT,
        is_public=True,
    )
    assert "Ujësjellësi në Vrellë" in client.get(address).content.decode()


@pytest.mark.django_db
def test_changing_a_many_to_many_relation_bumps_the_version(hearing):
    from tests.factories import channel
    from web.pagecache import content_version

    before = content_version()
    hearing.announced_via.add(channel("website"))
    assert content_version() != before


@pytest.mark.django_db
def test_private_records_do_not_empty_the_cache(hearing):
    from participation.models import Refusal
    from web.pagecache import content_version

    before = content_version()
    Refusal.objects.create(reason=Refusal.Reason.RATE_LIMITED, client_hash="x" * 64)
    assert content_version() == before


@pytest.mark.django_db
def test_staff_are_never_served_the_shared_page(client, data_entry, hearing):
    address = hearing.get_absolute_url()
    client.get(address)
    client.force_login(data_entry)
    assert "X-Page-Cache" not in client.get(address)  # neither read from the cache nor stored


@pytest.mark.django_db
def test_each_language_and_query_string_has_its_own_entry(client, hearing):
    HearingFactory(plan=hearing.plan, title="Dëgjim tjetër", title_sr_latn="Druga rasprava")
    assert "Dëgjim tjetër" in client.get("/sq/konsultimet/").content.decode()
    assert "Druga rasprava" in client.get("/sr-latn/konsultimet/").content.decode()
    filtered = client.get("/sq/konsultimet/", {"q": "tjetër"}).content.decode()
    assert "Dëgjim tjetër" in filtered
    assert hearing.title not in filtered


@pytest.mark.django_db
def test_a_page_with_a_comment_form_is_not_shared_and_the_form_still_works(client, municipality, plan):
    now = timezone.now()
    written = HearingFactory(
        plan=plan,
        method=Hearing.Method.WRITTEN,
        status=Hearing.Status.PLANNED,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=5),
        place=None,
        women=None,
        men=None,
    )
    first = client.get(written.get_absolute_url())
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    second = client.get(written.get_absolute_url())
    assert second["X-Page-Cache"] == "miss"  # each visitor renders their own token
    assert "Content-Encoding" not in client.get(written.get_absolute_url(), headers={"accept-encoding": "gzip"})


@pytest.mark.django_db
def test_a_page_stored_before_a_consultation_starts_expires_when_it_starts(hearing):
    from web.pagecache import _next_boundary, content_version

    now = timezone.now()
    soon = HearingFactory(
        plan=hearing.plan,
        status=Hearing.Status.PLANNED,
        starts_at=now + datetime.timedelta(hours=3),
        women=None,
        men=None,
    )
    assert _next_boundary(content_version(), now) == soon.starts_at


@pytest.mark.django_db
def test_pages_are_compressed_for_clients_that_accept_gzip(client, hearing):
    for address in ("/sq/konsultimet/", "/konsultimet.ics", "/opendata/hearings-2025.json"):
        for _ in range(2):  # rendered, then from the cache
            response = client.get(address, headers={"accept-encoding": "gzip"})
            assert response["Content-Encoding"] == "gzip"
            body = gzip.decompress(_body(response))
            assert body.startswith((b"<!doctype html>", b"<!DOCTYPE html>", b"BEGIN:VCALENDAR", b"{"))


@pytest.mark.django_db
def test_a_hit_serves_the_gzip_body_kept_with_the_page_and_the_same_etag(client, hearing):
    for address in ("/sq/konsultimet/", "/konsultimet.ics", "/opendata/hearings-2025.csv"):
        # Each body read before the next request: a streamed one is stored once it has been sent.
        rendered = client.get(address, headers={"accept-encoding": "gzip"})
        rendered_body = gzip.decompress(_body(rendered))
        hit = client.get(address, headers={"accept-encoding": "gzip"})
        hit_body = gzip.decompress(_body(hit))
        plain = client.get(address)
        assert (rendered["X-Page-Cache"], hit["X-Page-Cache"], plain["X-Page-Cache"]) == ("miss", "hit", "hit")
        assert hit["Content-Encoding"] == "gzip" and "Accept-Encoding" in hit["Vary"]
        assert hit_body == rendered_body == _body(plain)
        weak = plain["ETag"] if plain["ETag"].startswith("W/") else "W/" + plain["ETag"]
        assert hit["ETag"] == rendered["ETag"] == weak
        # The weak tag answers a conditional request with a 304 too.
        again = client.get(address, headers={"accept-encoding": "gzip", "if-none-match": hit["ETag"]})
        assert again.status_code == 304


@pytest.mark.django_db
def test_the_provisional_pdf_is_a_copy_per_year_and_language_never_rendered_in_the_request(
    client, hearing, django_assert_max_num_queries
):
    render_provisional_report.call(hearing.plan.municipality_id, 2025)
    albanian = client.get("/sq/raportet/2025/pdf/")
    english = client.get("/en/raportet/2025/pdf/")
    assert albanian.content != english.content
    # Not from the page cache (a newer copy must show at once) but read, checksum checked, from storage.
    with django_assert_max_num_queries(6):
        assert client.get("/en/raportet/2025/pdf/").content == english.content
    assert "Content-Encoding" not in client.get("/sq/raportet/2025/pdf/", headers={"accept-encoding": "gzip"})
