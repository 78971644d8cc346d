"""The messages as they reach a real SMTP server (aiosmtpd), parsed back with the email package."""

import email
import email.policy
import email.utils
import io
import re

import pytest
from django.core.management import call_command

from notifications.mail import notify_subscribers_of_hearing, send_confirmation
from tests.factories import SubscriberFactory, WrittenConsultationFactory

pytestmark = pytest.mark.django_db

# Long enough that the subject is folded, and written in letters outside ASCII.
LONG_TITLE = "Dëgjim publik për buxhetin komunal të vitit, rrugët e fshatrave dhe ujësjellësin e Istogut"
ENCODED_WORD = re.compile(rb"=\?[^?]+\?[bBqQ]\?[^?]*\?=")


@pytest.fixture
def portal(settings):
    settings.SITE_URL = "https://konsultime.example.org"
    settings.DEFAULT_FROM_EMAIL = "Komuna e Istogut <konsultime@example.org>"


def _received(smtp_server) -> list[tuple[bytes, email.message.EmailMessage]]:
    call_command("send_pending_mail", stdout=io.StringIO())
    assert smtp_server.messages
    return [
        (received.content, email.message_from_bytes(received.content, policy=email.policy.default))
        for received in smtp_server.messages
    ]


@pytest.fixture
def alert(portal, smtp_server):
    SubscriberFactory(email="abonenti@example.org", language="sq")
    notify_subscribers_of_hearing(WrittenConsultationFactory(title=LONG_TITLE, title_sq=LONG_TITLE))
    ((raw, message),) = _received(smtp_server)
    return raw, message


def test_every_encoded_word_is_at_most_75_characters(alert):
    raw, message = alert
    words = ENCODED_WORD.findall(raw)
    assert words, "the subject has letters outside ASCII: it must be encoded"
    assert max(len(word) for word in words) <= 75
    assert LONG_TITLE in message["Subject"]


def test_the_body_needs_no_8bitmime(alert):
    raw, message = alert
    assert all(byte < 128 for byte in raw), "a server without 8BITMIME would refuse 8-bit bytes"
    assert message["Content-Transfer-Encoding"] in {"quoted-printable", "base64"}
    assert LONG_TITLE in message.get_content()


def test_date_carries_a_real_time_zone(alert):
    _raw, message = alert
    assert not message["Date"].endswith("-0000"), message["Date"]
    assert email.utils.parsedate_to_datetime(message["Date"]).utcoffset() is not None
    assert message["Date"].endswith(("+0100", "+0200"))


def test_message_id_is_in_the_portals_domain(alert):
    _raw, message = alert
    assert re.fullmatch(r"<[^@<>\s]+@konsultime\.example\.org>", message["Message-ID"]), message["Message-ID"]


def test_alerts_say_they_are_automatic_and_name_their_list(alert):
    _raw, message = alert
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Id"].endswith("<alerts.konsultime.example.org>")
    assert message["List-Unsubscribe"].strip().startswith("<https://konsultime.example.org/sq/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_confirmation_is_automatic_too_but_no_list_message(portal, smtp_server):
    send_confirmation(SubscriberFactory(email="ri@example.org", confirmed_at=None))
    ((raw, message),) = _received(smtp_server)
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Id"] is None
    assert message["Message-ID"].endswith("@konsultime.example.org>")
    assert all(byte < 128 for byte in raw)


def test_mail_django_builds_itself_is_dated_in_the_portals_zone_too():
    """Password resets and errors to ADMINS are built by Django, not by notifications.messages."""
    from django.core.mail import EmailMessage

    date = EmailMessage("Rivendosja e fjalëkalimit", "…", to=["zyrtari@example.org"]).message()["Date"]
    assert date.endswith(("+0100", "+0200")), date
