"""Small inputs that gave a 500, the wrong document or stored what the portal refuses elsewhere."""

from __future__ import annotations

import datetime
import io
import os
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from municipalities.branding import DEFAULT_PRIMARY_COLOR
from outcomes import publishing
from participation.models import Comment
from register.models import CitizenRequest
from reports.models import PublishedReport
from tests.factories import CitizenRequestFactory, HearingFactory, channel, comment_post_data
from tests.outcomes.test_staff_page import _respond
from tests.robustness.test_full_media_disk import _change_form_data

pytestmark = pytest.mark.django_db

BIDI_STAFF = (
    "Remove the invisible text-direction control characters (U+202A–U+202E, U+2066–U+2069) or NUL characters "
    "from this text: they can make it display differently from what it is."
)
BIDI_CITIZEN = (
    "Your text holds invisible characters that change the direction of the writing (often copied along from "
    "another program). Remove them, for example by typing the text again, and send it once more."
)


@pytest.mark.parametrize("pages", ["²", "١٢", "９", "99999999999999999999", "-1", ""])
def test_the_attendance_sheet_with_a_unicode_digit_is_printed_not_a_500(client, data_entry, hearing, pages):
    client.force_login(data_entry)
    url = reverse("papers:attendance-sheet", args=[hearing.pk])
    response = client.get(url, {"faqe": pages})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_version_0_of_a_consultation_report_is_404_not_the_latest(client, hearing):
    publishing.publish(hearing)
    with translation.override("sq"):
        latest = reverse("outcomes:report-pdf", args=[hearing.pk])
        version_1 = reverse("outcomes:report-version-pdf", args=[hearing.pk, 1])
        version_0 = reverse("outcomes:report-version-pdf", args=[hearing.pk, 0])
    assert client.get(latest).status_code == 200
    assert client.get(version_1).status_code == 200
    assert client.get(version_0).status_code == 404


def _staff_report(hearing) -> str:
    with translation.override("en"):
        return reverse("outcomes:staff-report", args=[hearing.pk])


def test_an_answer_dated_in_the_future_is_refused_on_its_field(client, hearing, officer):
    citizen_request = CitizenRequestFactory(hearing=hearing)
    client.force_login(officer)
    data = {**_respond([f"request-{citizen_request.pk}"]), "answered_on": "2030-01-15"}

    response = client.post(_staff_report(hearing), data)

    assert response.context["respond_form"].errors == {"answered_on": ["The answer cannot be dated after today."]}
    citizen_request.refresh_from_db()
    assert citizen_request.status == CitizenRequest.Status.OPEN


def test_an_answer_dated_today_in_the_municipalitys_time_zone_is_saved(client, hearing, officer):
    citizen_request = CitizenRequestFactory(hearing=hearing)
    client.force_login(officer)
    today = timezone.localdate()  # Europe/Belgrade, Kosovo's time zone (settings.TIME_ZONE)
    data = {**_respond([f"request-{citizen_request.pk}"]), "answered_on": today.isoformat()}

    assert client.post(_staff_report(hearing), data).status_code == 302
    citizen_request.refresh_from_db()
    assert citizen_request.answered_on == today


def test_the_register_itself_refuses_an_answer_from_tomorrow(hearing):
    citizen_request = CitizenRequestFactory(hearing=hearing)
    citizen_request.status = CitizenRequest.Status.ACCEPTED
    citizen_request.answered_via = "email"
    citizen_request.answer = "Pranohet."
    citizen_request.answered_on = timezone.localdate() + datetime.timedelta(days=1)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        citizen_request.full_clean()
    with translation.override("en"):
        assert refused.value.message_dict["answered_on"] == ["The answer cannot be dated after today."]


@pytest.mark.parametrize("field", ["body", "name"])
@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u202a"])
def test_a_citizens_comment_with_bidirectional_controls_is_refused_with_a_message(client, written, field, control):
    data = comment_post_data(written, **{field: f"raport{control}fdp.exe"})
    with translation.override("en"):
        url = reverse("participation:comment-submit", kwargs={"pk": written.pk})
    response = client.post(url, data)
    assert response.context["form"].errors == {field: [BIDI_CITIZEN]}
    assert Comment.objects.count() == 0


def test_publish_report_refuses_a_reason_with_bidirectional_controls(plan):
    HearingFactory(plan=plan, women=3, men=4, announced_via=[channel("website")])
    call_command("publish_report", "2025", "--allow-incomplete-year", stdout=io.StringIO())
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command(
            "publish_report", "2025", "--allow-incomplete-year", "--reason", "korrigjon\u202e 1", stdout=io.StringIO()
        )
    with translation.override("sq"):
        assert str(refused.value) == translation.gettext(BIDI_STAFF)
    assert PublishedReport.objects.count() == 1


def test_a_consultation_reports_reason_with_bidirectional_controls_is_refused_by_publishing_itself(hearing):
    publishing.publish(hearing)
    with translation.override("en"), pytest.raises(publishing.PublishRefused) as refused:
        publishing.publish(hearing, reason="\u2066version 2\u2069")
    assert refused.value.problems == [BIDI_STAFF]


def albanian(message: str) -> str:
    with translation.override("sq"):
        translated = translation.gettext(message)
    assert translated != message
    return translated


def _run_with_deadline(function, seconds: float):
    """Run function in a thread; the result, or AssertionError when it has not ended within `seconds`."""
    outcome = {}

    def run():
        try:
            function()
        except BaseException as error:  # handed to the test
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"did not end within {seconds} s"
    return outcome.get("error")


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom", "folder"])
def test_verify_report_refuses_what_is_not_a_regular_file_at_once(db, tmp_path, path):
    path = str(tmp_path) if path == "folder" else path
    error = _run_with_deadline(lambda: call_command("verify_report", path, stdout=io.StringIO()), 5)
    assert isinstance(error, CommandError)
    # The command speaks the portal's language, Albanian.
    assert str(error) == albanian(
        "%(path)s is not a regular file (a device, a folder or a pipe): give the PDF's file."
    ) % {"path": path}


def test_verify_report_reads_no_more_than_the_largest_report(db, tmp_path):
    large = tmp_path / "large.pdf"
    with large.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(CommandError) as refused:
        call_command("verify_report", str(large), stdout=io.StringIO())
    expected = albanian("%(path)s is larger than %(size)s MB: no published report is that large.")
    assert str(refused.value) == expected % {"path": large, "size": 20}


def test_verify_report_does_not_hang_on_a_pipe_nobody_writes_to(db, tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    started = time.monotonic()
    with translation.override("en"):
        error = _run_with_deadline(lambda: call_command("verify_report", str(pipe), stdout=io.StringIO()), 5)
    assert isinstance(error, CommandError)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("address", ["/sq/", "/sq/konsultimet/", "/konsultimet.ics", "/sq/raportet/2025/pdf/"])
@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "PROPFIND", "PUT", "DELETE"])
def test_methods_other_than_get_head_and_post_get_405_without_the_page(client, hearing, address, method):
    response = client.generic(method, address)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert response.content == b""


def test_an_empty_colour_in_the_admin_means_the_default_not_a_constraint_name(client, municipality, admin_user):
    municipality.primary_color = "#123456"
    municipality.save()
    client.force_login(admin_user)
    with translation.override("en"):
        url = reverse("admin:municipalities_municipality_change", args=[municipality.pk])
    form = client.get(url).context["adminform"].form
    response = client.post(url, {**_change_form_data(form), "primary_color": ""})
    assert "municipality_primary_color_hex" not in response.content.decode()
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.primary_color == DEFAULT_PRIMARY_COLOR
