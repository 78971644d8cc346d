"""Staff choose a new password by email, in the portal's layout and language, within rate limits."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nje-Fjalekalim-i-Ri-2026"


@pytest.fixture
def staff(db):
    return factories.data_entry_user(username="hyrja", email="hyrja@example.org")


def _reset_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("admin_password_reset")


def test_the_login_page_links_to_the_password_reset(client):
    response = client.get(reverse("admin:login"))
    assert _reset_url("sq") in response.content.decode()


def test_the_reset_page_is_in_the_portals_layout_and_language(client):
    response = client.get(_reset_url("sq"))
    assert response.status_code == 200
    assert "base.html" in [template.name for template in response.templates]
    assert '<html lang="sq">' in response.content.decode()


def test_a_staff_member_resets_the_password_by_the_emailed_link_and_signs_in(client, staff, mailoutbox):
    response = client.post(_reset_url(), {"email": "hyrja@example.org"})
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["hyrja@example.org"]
    link = re.search(r"https?://[^/\s]+(/en/admin/reset/\S+/)", mail.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    assert NEW_PASSWORD not in client.get(response["Location"]).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, staff, mailoutbox):
    response = client.post(_reset_url(), {"email": "askush@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_a_used_link_is_refused_with_a_way_to_ask_again(client, staff, mailoutbox):
    client.post(_reset_url(), {"email": "hyrja@example.org"})
    link = re.search(r"https?://[^/\s]+(/en/admin/reset/\S+/)", mailoutbox[0].body).group(1)
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert _reset_url() in again.content.decode()


def test_the_links_for_one_email_address_are_limited_quietly(client, staff, mailoutbox, settings):
    settings.PASSWORD_RESET_PER_EMAIL = 2
    for number in range(4):
        response = client.post(_reset_url(), {"email": "hyrja@example.org"}, REMOTE_ADDR=f"203.0.113.{number}")
        assert response.status_code == 302
    assert len(mailoutbox) == 2


def test_the_requests_from_one_address_are_limited_with_a_429(client, staff, mailoutbox, settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 2
    for number in range(2):
        client.post(_reset_url(), {"email": f"tjeter{number}@example.org"})
    response = client.post(_reset_url(), {"email": "hyrja@example.org"})
    assert response.status_code == 429
    assert mailoutbox == []
