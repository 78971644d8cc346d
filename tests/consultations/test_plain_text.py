"""Staff text and file names: NUL and the invisible bidirectional controls are refused on the field."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.forms import modelform_factory
from django.utils import translation

from consultations.admin_forms import HearingDocumentAdminForm
from consultations.models import Hearing, HearingDocument
from tests.consultations.test_admin import PDF, _form_errors, _hearing_data, _inline_errors, _upload_data, _url
from tests.factories import PlaceFactory
from web.text_checks import MESSAGE, digits_or_none, has_forbidden_characters

pytestmark = pytest.mark.django_db

CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\x00"]


@pytest.fixture
def place(municipality):
    return PlaceFactory(municipality=municipality, name="Gurrakoc")


def _message() -> str:
    with translation.override("en"):
        return str(MESSAGE)


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_every_control_character_is_recognised(control):
    assert has_forbidden_characters(f"Raporti{control}fdp.exe") is True


def test_ordinary_albanian_serbian_and_bosnian_text_passes():
    assert has_forbidden_characters("Dëgjim për buxhetin — Javna rasprava, Čačak, Đurđevdan") is False


@pytest.mark.parametrize("raw", ["²", "١٢", "12a", "", None, "99999999999999999999", "9" * 5000])
def test_digits_or_none_refuses_anything_but_plain_ascii_digits_in_range(raw):
    assert digits_or_none(raw) is None


def test_digits_or_none_reads_plain_digits():
    assert digits_or_none("42") == 42


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\x00"], ids=["RLO", "LRI", "NUL"])
def test_a_hearing_title_with_a_control_character_is_refused_on_the_field(client, data_entry, plan, place, control):
    client.force_login(data_entry)
    response = client.post(_url("hearing_add"), _hearing_data(plan, place, title_sq=f"Dëgjim{control}fdp.exe"))
    assert response.status_code == 200
    assert _message() in _form_errors(response)["title_sq"]
    assert Hearing.objects.count() == 0


def test_an_uploaded_file_name_with_a_right_to_left_override_never_reaches_the_stored_name(
    client, data_entry, hearing, place, settings, tmp_path
):
    # Django's upload parser drops non-printable characters from the name; the form checks again below.
    settings.MEDIA_ROOT = tmp_path
    client.force_login(data_entry)
    upload = SimpleUploadedFile("raporti\u202efdp.exe.pdf", PDF)
    client.post(_url("hearing_change", hearing.pk), _upload_data(hearing, place, upload))
    assert not has_forbidden_characters(HearingDocument.objects.get().file.name)


def test_the_document_form_refuses_a_file_name_with_a_right_to_left_override(hearing):
    upload = SimpleUploadedFile("raporti\u202efdp.exe.pdf", PDF)
    form_class = modelform_factory(HearingDocument, form=HearingDocumentAdminForm, fields=("hearing", "title", "file"))
    form = form_class(data={"hearing": hearing.pk, "title": "Raporti"}, files={"file": upload})
    with translation.override("en"):
        assert form.errors["file"] == [
            "The file's name holds invisible text-direction control characters or NUL: rename the file "
            "and upload it again."
        ]


def test_a_document_title_with_an_override_is_refused_on_the_title(
    client, data_entry, hearing, place, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(data_entry)
    data = _upload_data(hearing, place, SimpleUploadedFile("draft.pdf", PDF))
    data["documents-0-title_sq"] = "Drafti\u202e"
    response = client.post(_url("hearing_change", hearing.pk), data)
    assert response.status_code == 200
    assert _inline_errors(response, "documents") == [{"title_sq": [_message()]}]
    assert HearingDocument.objects.count() == 0


def test_create_officer_refuses_a_username_longer_than_the_field_with_a_command_error():
    with translation.override("en"), pytest.raises(CommandError, match="at most 150 characters"):
        call_command("create_officer", "--username", "a" * 200, stdout=io.StringIO())
    assert get_user_model().objects.count() == 0


def test_create_officer_refuses_a_nul_in_the_username_with_a_command_error():
    with pytest.raises(CommandError):
        call_command("create_officer", "--username", "zyrtar\x00i", stdout=io.StringIO())
    assert get_user_model().objects.count() == 0
