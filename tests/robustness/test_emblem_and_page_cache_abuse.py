"""Costs an outsider could impose: a decompression-bomb emblem, and query strings that bypass the page cache."""

from __future__ import annotations

import struct
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from municipalities.branding import validate_emblem
from reports.pdf import emblem_data_uri
from reports.provisional import render_provisional_report
from tests.robustness.test_full_media_disk import _change_form_data, _png

pytestmark = pytest.mark.django_db


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(side: int = 12_000) -> bytes:
    """A valid black-and-white PNG of side × side pixels that weighs a few kilobytes."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1 bit per pixel, greyscale
    rows = (b"\x00" + bytes((side + 7) // 8)) * side
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 9)) + _chunk(b"IEND", b"")
    )


def test_the_bomb_is_small_on_disk():
    assert len(bomb_png()) < 40 * 1024


def test_an_emblem_of_too_many_pixels_is_refused_by_its_header():
    with pytest.raises(ValidationError) as refused:
        validate_emblem(SimpleUploadedFile("stema.png", bomb_png()))
    assert refused.value.code == "too_many_pixels"


def test_an_emblem_of_2048_pixels_a_side_is_still_accepted():
    validate_emblem(SimpleUploadedFile("stema.png", bomb_png(2048)))


def test_the_admin_shows_the_pixel_limit_on_the_emblem_field(client, municipality, admin_user):
    client.force_login(admin_user)
    with translation.override("en"):
        url = reverse("admin:municipalities_municipality_change", args=[municipality.pk])
    form = client.get(url).context["adminform"].form
    response = client.post(url, {**_change_form_data(form), "emblem": SimpleUploadedFile("stema.png", bomb_png())})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "emblem": [
            "The emblem may be at most 2048 × 2048 pixels; this image is larger. "
            "Save it at a smaller size and upload it again."
        ]
    }
    municipality.refresh_from_db()
    assert not municipality.emblem


def test_a_bomb_stored_before_the_limit_is_never_decoded_for_a_report(municipality):
    municipality.emblem.save("stema.png", ContentFile(bomb_png()), save=True)
    started = time.monotonic()
    assert emblem_data_uri(municipality) == ""
    assert time.monotonic() - started < 1


def test_a_normal_emblem_is_still_printed(municipality):
    municipality.emblem.save("stema.png", ContentFile(_png()), save=True)
    assert emblem_data_uri(municipality).startswith("data:image/png;base64,")


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("/sq/raportet/2025/pdf/?x=1", "/sq/raportet/2025/pdf/"),
        ("/sq/konsultimet/?q=buxhet&x=1&page=2", "/sq/konsultimet/?q=buxhet&page=2"),
        ("/konsultimet.ics?lang=bs&fresh=2", "/konsultimet.ics?lang=bs"),
        ("/sq/?utm_source=facebook", "/sq/"),
    ],
)
def test_an_unknown_query_parameter_is_redirected_away_not_rendered(client, hearing, address, expected):
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "X-Page-Cache" not in response


def test_the_provisional_report_pdf_is_one_copy_whatever_the_query_string(client, hearing):
    render_provisional_report.call(hearing.plan.municipality_id, 2025)
    first = client.get("/sq/raportet/2025/pdf/")
    for query in ("?x=1", "?x=2", "?lang=en"):
        followed = client.get(f"/sq/raportet/2025/pdf/{query}", follow=True)
        assert followed.redirect_chain == [("/sq/raportet/2025/pdf/", 302)]
        assert followed.content == first.content
    assert not DBTaskResult.objects.exists()  # the copy is current: no render asked for


def test_the_parameters_a_page_reads_still_make_their_own_page(client, hearing):
    assert client.get("/sq/konsultimet/?q=buxhet")["X-Page-Cache"] == "miss"
    assert client.get("/sq/konsultimet/?q=plan")["X-Page-Cache"] == "miss"
    assert client.get("/sq/konsultimet/?q=buxhet")["X-Page-Cache"] == "hit"


def test_a_bomb_stored_before_the_limit_is_not_sent_to_browsers(client, municipality):
    municipality.emblem.save("stema.png", ContentFile(bomb_png()), save=True)
    assert client.get("/municipality-emblem").status_code == 404


def test_a_normal_emblem_is_still_sent(client, municipality):
    municipality.emblem.save("stema.png", ContentFile(_png()), save=True)
    response = client.get("/municipality-emblem")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _png()
