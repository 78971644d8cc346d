"""Database down: 503 with Retry-After, a translated page without the database, and recovery by itself."""

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import translation

from operations.outage import server_error
from tests.operations.outage import unreachable_database

LANGUAGES = ["sq", "sr-latn", "bs", "tr", "en"]
PAGE_TITLE = "Temporarily unavailable"
PLAIN = "The service is temporarily unavailable. Please try again in a few minutes."


def outage_client() -> Client:
    # Django's test client re-raises an exception handled by handler500; a real client gets the response.
    # (The municipality middleware's query fails before any view runs, so the 500 path answers.)
    return Client(raise_request_exception=False)


def assert_outage_page(response, language):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    with translation.override(language):
        assert translation.gettext(PAGE_TITLE) in page
    assert "Traceback" not in page and "127.0.0.1" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_while_the_database_is_unreachable_is_a_translated_503_and_recovers(hearing, language):
    client = outage_client()
    with unreachable_database():
        response = client.get(f"/{language}/konsultimet/")
    assert_outage_page(response, language)

    assert client.get(f"/{language}/konsultimet/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/konsultimet.ics", "/opendata/hearings-2025.csv", "/opendata/plan-2025.json", "/sq/feeds/rss/"]
)
def test_calendar_open_data_and_feeds_get_a_short_plain_text_503(hearing, path):
    client = outage_client()
    with unreachable_database():
        response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    with translation.override("sq"):
        assert response.content.decode() == translation.gettext(PLAIN) + "\n"
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_a_signed_in_officer_in_the_admin_gets_the_503_page(officer):
    client = outage_client()
    client.force_login(officer)
    with unreachable_database():
        response = client.get("/sq/admin/")
    assert_outage_page(response, "sq")
    assert client.get("/sq/admin/").status_code == 200


@pytest.mark.django_db
def test_a_comment_posted_during_the_outage_gets_the_503_page(hearing):
    with unreachable_database():
        response = outage_client().post(f"/sq/komento/{hearing.pk}/", {"body": "Pse?"})
    assert_outage_page(response, "sq")


@pytest.mark.django_db
def test_the_outage_sends_no_error_report_per_request(hearing, settings, mailoutbox):
    settings.ADMINS = [("Arta", "arta@istog.example")]
    client = outage_client()
    with unreachable_database():
        for _ in range(3):
            assert client.get("/sq/konsultimet/").status_code == 503
    assert len(mailoutbox) <= 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_database_error_outside_a_view_is_a_503_in_the_500_path(language):
    # Django calls handler500 while handling the exception, e.g. one raised by a middleware.
    request = RequestFactory().get(f"/{language}/")
    with translation.override(language):
        try:
            raise OperationalError("connection refused")
        except OperationalError:
            response = server_error(request)
    assert_outage_page(response, language)


def test_any_other_error_in_the_500_path_is_still_the_500_page():
    request = RequestFactory().get("/sq/")
    try:
        raise RuntimeError("bug")
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 500
