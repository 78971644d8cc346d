"""The municipality's emblem and colour: checked by content and by contrast."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from PIL import Image

from municipalities.branding import contrast_with_white, validate_emblem, validate_primary_color
from municipalities.models import Municipality


def _image(fmt: str, size=(40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt, name", [("PNG", "emblem.png"), ("JPEG", "emblem.jpg")])
def test_png_and_jpeg_emblems_are_accepted(fmt, name):
    validate_emblem(SimpleUploadedFile(name, _image(fmt)))


def test_an_emblem_is_judged_by_its_content_not_its_name():
    with pytest.raises(ValidationError) as error:
        validate_emblem(SimpleUploadedFile("emblem.png", b"#!/bin/sh\necho not an image\n"))
    assert error.value.code == "not_image"


def test_a_gif_renamed_png_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_emblem(SimpleUploadedFile("emblem.png", _image("GIF")))
    assert error.value.code == "not_image"


def test_svg_emblems_are_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationError) as error:
        validate_emblem(SimpleUploadedFile("emblem.svg", svg))
    assert error.value.code == "svg"


def test_an_emblem_over_512_kb_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_emblem(SimpleUploadedFile("emblem.png", b"\x89PNG\r\n\x1a\n" + b"0" * 600_000))
    assert error.value.code == "too_large"


def test_white_on_black_has_the_maximum_contrast():
    assert round(contrast_with_white("#000000"), 1) == 21.0


@pytest.mark.parametrize("color", ["#2f4858", "#1d4f91", "#000000"])
def test_dark_colours_are_accepted(color):
    validate_primary_color(color)


@pytest.mark.parametrize(
    "color, code", [("#ffff00", "contrast"), ("#777777", "contrast"), ("red", "format"), ("", "format")]
)
def test_light_or_malformed_colours_are_refused(color, code):
    with pytest.raises(ValidationError) as error:
        validate_primary_color(color)
    assert error.value.code == code


@pytest.mark.django_db
def test_the_database_refuses_a_colour_that_is_not_hex():
    with pytest.raises(IntegrityError):
        Municipality.objects.create(name="Test", slug="test", primary_color="blue")


@pytest.mark.django_db
def test_a_new_municipality_gets_the_neutral_default_colour():
    assert Municipality.objects.create(name="Test", slug="test").primary_color == "#2f4858"
