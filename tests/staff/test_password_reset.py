"""Staff choose a new password by email, in the portal's layout and language, within rate limits."""

import re
import time

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.models import OutgoingMail
from notifications.sending import send_now, send_pending
from tests import factories

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nje-Fjalekalim-i-Ri-2026"


@pytest.fixture
def staff(db):
    return factories.data_entry_user(username="hyrja", email="hyrja@example.org")


def _reset_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("admin_password_reset")


def ask(client, email: str, **extra):
    """Ask for a link, then let the mail worker run once, as `send_pending_mail --loop` would."""
    response = client.post(_reset_url(), {"email": email}, **extra)
    send_pending()
    return response


def test_the_login_page_links_to_the_password_reset(client):
    response = client.get(reverse("admin:login"))
    assert _reset_url("sq") in response.content.decode()


def test_the_reset_page_is_in_the_portals_layout_and_language(client):
    response = client.get(_reset_url("sq"))
    assert response.status_code == 200
    assert "base.html" in [template.name for template in response.templates]
    assert '<html lang="sq">' in response.content.decode()


def test_a_staff_member_resets_the_password_by_the_emailed_link_and_signs_in(client, staff, mailoutbox):
    response = ask(client, "hyrja@example.org")
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
    response = ask(client, "askush@example.org")
    assert response.status_code == 302
    assert mailoutbox == []


def test_a_used_link_is_refused_with_a_way_to_ask_again(client, staff, mailoutbox):
    ask(client, "hyrja@example.org")
    link = re.search(r"https?://[^/\s]+(/en/admin/reset/\S+/)", mailoutbox[0].body).group(1)
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert _reset_url() in again.content.decode()


def test_the_links_for_one_email_address_are_limited_quietly(client, staff, mailoutbox, settings):
    settings.PASSWORD_RESET_PER_EMAIL = 2
    for number in range(4):
        response = ask(client, "hyrja@example.org", REMOTE_ADDR=f"203.0.113.{number}")
        assert response.status_code == 302
    assert len(mailoutbox) == 2


def test_the_requests_from_one_address_are_limited_with_a_429(client, staff, mailoutbox, settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 2
    for number in range(2):
        client.post(_reset_url(), {"email": f"tjeter{number}@example.org"})
    response = ask(client, "hyrja@example.org")
    assert response.status_code == 429
    assert mailoutbox == []


def _timed_post(client, email: str) -> tuple[float, object]:
    started = time.monotonic()
    response = client.post(_reset_url(), {"email": email})
    return time.monotonic() - started, response


def test_with_a_hanging_mail_server_a_staff_address_is_answered_as_fast_as_an_unknown_one(
    client, staff, hanging_smtp_server
):
    staff_seconds, staff_response = _timed_post(client, "hyrja@example.org")
    unknown_seconds, unknown_response = _timed_post(client, "askush@example.org")

    assert staff_response.status_code == unknown_response.status_code == 302
    # Sending inside the request would wait EMAIL_TIMEOUT (10 s) for the staff address only.
    assert staff_seconds < 3 and unknown_seconds < 3
    (mail,) = OutgoingMail.objects.all()
    assert (mail.to, mail.kind, mail.sent_at) == ("hyrja@example.org", OutgoingMail.Kind.PASSWORD_RESET, None)


def test_the_queued_link_is_sent_by_the_mail_worker_and_then_kept_nowhere(client, staff, smtp_server):
    client.post(_reset_url(), {"email": "hyrja@example.org"})
    assert smtp_server.messages == []

    assert send_pending().sent == 1

    assert smtp_server.delivered_to == ["hyrja@example.org"]
    assert b"/en/admin/reset/" in smtp_server.messages[0].content
    mail = OutgoingMail.objects.get()
    assert mail.sent_at is not None
    assert "/admin/reset/" not in mail.body


def test_a_link_the_mail_server_refuses_for_now_stays_queued_and_is_retried(client, smtp_server):
    factories.data_entry_user(username="zena", email="busy-zena@example.org")  # the server answers 451
    client.post(_reset_url(), {"email": "busy-zena@example.org"})

    assert send_pending().failed == 1
    mail = OutgoingMail.objects.get()
    assert (mail.sent_at, mail.dropped_at, mail.attempts) == (None, None, 1)
    assert mail.next_attempt_at is not None and "451" in mail.last_error

    assert send_now([mail.pk]).failed == 1  # tried again, as the worker does once the back-off is over
    mail.refresh_from_db()
    assert mail.attempts == 2 and mail.sent_at is None


def test_the_queue_page_does_not_show_a_reset_link(client, staff, admin_client, municipality):
    client.post(_reset_url(), {"email": "hyrja@example.org"})
    mail = OutgoingMail.objects.get()
    assert "/admin/reset/" in mail.body
    response = admin_client.get(f"/en/admin/notifications/outgoingmail/{mail.pk}/change/")
    assert response.status_code == 200
    assert "/admin/reset/" not in response.content.decode()
