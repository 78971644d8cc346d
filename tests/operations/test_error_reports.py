"""Errors reach a person: 500 reports by mail to ADMINS, Sentry without personal data, JSON logs."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import RequestFactory

from istog_consult.env import env_admins
from notifications.models import OutgoingMail
from notifications.sending import send_pending
from operations.logs import JsonFormatter
from operations.sentry import FILTERED, before_send
from tests.operations.outage import unreachable_database


def test_admins_are_read_from_the_environment_with_or_without_names(monkeypatch):
    monkeypatch.setenv("ADMINS", "Arta Berisha <arta@istog.example>, it@istog.example")
    assert env_admins("ADMINS") == [("Arta Berisha", "arta@istog.example"), ("it@istog.example", "it@istog.example")]


def test_an_admins_entry_without_an_address_stops_start_up_naming_the_variable(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("ADMINS", "Arta Berisha")
    with pytest.raises(ImproperlyConfigured, match="ADMINS"):
        env_admins("ADMINS")


def _log_a_server_error(path: str = "/sq/konsultimet/") -> None:
    request = RequestFactory().get(path)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        # What Django's handler logs for an unhandled exception in a view.
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=True, extra={"status_code": 500, "request": request}
        )


@pytest.mark.django_db
def test_a_server_error_is_queued_for_the_admins_and_sent_by_the_mail_worker(settings):
    settings.ADMINS = [("Arta", "arta@istog.example")]
    _log_a_server_error()
    assert mail.outbox == []  # nothing sent inside the failing request
    (queued,) = OutgoingMail.objects.all()
    assert (queued.to, queued.kind) == ("arta@istog.example", OutgoingMail.Kind.ERROR_REPORT)

    send_pending()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["arta@istog.example"]
    assert "/sq/konsultimet/" in mail.outbox[0].subject
    assert "RuntimeError at /sq/konsultimet/\nboom" in mail.outbox[0].body


@pytest.mark.django_db
def test_with_a_hanging_mail_server_a_server_error_costs_the_request_no_wait(settings, hanging_smtp_server):
    settings.ADMINS = [("Arta", "arta@istog.example")]
    started = time.monotonic()
    _log_a_server_error()
    assert time.monotonic() - started < 3  # sending would wait EMAIL_TIMEOUT (10 s)
    assert OutgoingMail.objects.get().sent_at is None


@pytest.mark.django_db
def test_a_report_that_cannot_be_queued_while_the_database_is_down_is_sent_at_once(settings):
    settings.ADMINS = [("Arta", "arta@istog.example")]
    with unreachable_database():
        _log_a_server_error()
    assert [message.to for message in mail.outbox] == [["arta@istog.example"]]


def test_without_admins_a_server_error_sends_no_mail(settings):
    settings.ADMINS = []
    logging.getLogger("django.request").error("Internal Server Error: /", extra={"status_code": 500})
    assert mail.outbox == []


def test_the_json_format_gives_one_parseable_line_per_record_with_the_exception():
    logger = logging.getLogger("istog.test")
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        record = logger.makeRecord("istog.test", logging.ERROR, __file__, 1, "failed for %s", ("Arta",), sys.exc_info())
    record.hearing = 7
    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "istog.test"
    assert entry["message"] == "failed for Arta"
    assert entry["hearing"] == 7
    assert "ValueError: bad\nvalue" in entry["exception"]


def test_log_format_json_is_what_the_settings_configure():
    env = {**os.environ, "LOG_FORMAT": "json", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "istog_consult.settings"}
    code = "import django, logging; django.setup(); logging.getLogger('istog').warning('started %s', 1)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert json.loads(result.stderr.strip().splitlines()[-1])["message"] == "started 1"


def test_a_bad_log_format_stops_start_up_naming_the_variable():
    env = {**os.environ, "LOG_FORMAT": "xml", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "istog_consult.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "LOG_FORMAT must be 'text' or 'json'" in result.stderr


def test_sentry_is_on_only_with_a_dsn_and_never_sends_personal_data():
    env = {
        **os.environ,
        "SENTRY_DSN": "https://public@127.0.0.1:1/1",
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "istog_consult.settings",
    }
    code = (
        "import django, json, sentry_sdk; django.setup(); options = sentry_sdk.get_client().options; "
        "print(json.dumps([sentry_sdk.get_client().is_active(), options['send_default_pii'], "
        "options['before_send'].__module__]))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert json.loads(result.stdout) == [True, False, "operations.sentry"]
    assert not django_settings.SENTRY_DSN  # the suite itself reports nothing


def test_sentry_events_lose_users_cookies_addresses_and_email_addresses():
    event = {
        "user": {"ip_address": "203.0.113.7", "email": "arta@istog.example"},
        "server_name": "konsultime-1",
        "request": {
            "url": "https://konsultime.istog.example/sq/komento/3/",
            "cookies": {"sessionid": "secret"},
            "headers": {"X-Forwarded-For": "203.0.113.7", "Cookie": "sessionid=secret", "User-Agent": "Firefox"},
            "env": {"REMOTE_ADDR": "203.0.113.7"},
            "data": {"email": "arta@istog.example", "body": "Write to me at arta@istog.example"},
        },
        "logentry": {"message": "Mail to arta@istog.example from 2001:db8::7 failed at 10:30:00"},
        "exception": {"values": [{"value": "550 <arta@istog.example> refused", "type": "SMTPRecipientsRefused"}]},
    }
    scrubbed = before_send(event, {})

    text = json.dumps(scrubbed)
    assert "arta@istog.example" not in text
    assert "203.0.113.7" not in text
    assert "2001:db8::7" not in text
    assert "secret" not in text
    assert "user" not in scrubbed and "server_name" not in scrubbed
    assert scrubbed["logentry"]["message"] == f"Mail to {FILTERED} from {FILTERED} failed at 10:30:00"
    assert scrubbed["request"]["headers"]["User-Agent"] == "Firefox"
    assert scrubbed["request"]["url"] == "https://konsultime.istog.example/sq/komento/3/"
