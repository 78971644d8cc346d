"""Error pages speak the citizen's language, say what to do, and never show Django's defaults."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from tests.factories import WrittenConsultationFactory, comment_post_data
from tests.pages import elements

LANGUAGES = ["sq", "sr-latn", "bs", "tr", "en"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_address_gets_the_portals_404_page_in_the_language_of_its_prefix(client, language):
    response = client.get(f"/{language}/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    page = response.content.decode()
    assert elements(page, "html", lang=language)
    with translation.override(language):
        assert translation.gettext("Page not found") in page
        assert reverse("consultations:hearing-list") in page
    assert 'id="main"' in page


@pytest.mark.django_db
def test_unpublished_consultation_is_the_same_404_page(client, hearing):
    hearing.is_published = False
    hearing.save()
    response = client.get(hearing.get_absolute_url())
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


def render_error_page(view, language, *args):
    request = RequestFactory().get(f"/{language}/")
    with translation.override(language):
        return view(request, *args)


def assert_translated_page(response, status, message, language):
    assert response.status_code == status
    page = response.content.decode()
    assert elements(page, "html", lang=language)
    with translation.override(language):
        assert translation.gettext(message) in page
    assert f'href="/{language}/"' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_page_is_translated_and_needs_no_database(language):
    # No database access is allowed here: the page must render when the database is what failed.
    response = render_error_page(defaults.server_error, language)
    assert_translated_page(response, 500, "Something went wrong", language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_request_page_is_translated(language):
    response = render_error_page(defaults.bad_request, language, ValueError("unreadable"))
    assert_translated_page(response, 400, "The request could not be understood", language)


@pytest.mark.django_db
def test_a_comment_posted_without_its_csrf_token_gets_the_translated_page_and_saves_nothing():
    from participation.models import Comment

    consultation = WrittenConsultationFactory()
    client = Client(enforce_csrf_checks=True)
    with translation.override("sr-latn"):
        url = reverse("participation:comment-submit", kwargs={"pk": consultation.pk})
        expected = translation.gettext("The form could not be sent")
    response = client.post(url, comment_post_data(consultation))

    assert response.status_code == 403
    page = response.content.decode()
    assert elements(page, "html", lang="sr-latn")
    assert expected in page
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_portals_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")
