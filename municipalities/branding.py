"""What makes the portal read as the municipality's own: its emblem and its colour.

Both are data the officer edits; these validators keep them safe to show. An emblem is
checked by its content (a renamed script fails), an SVG is refused because this portal does
not sanitise SVG, and a colour is refused when white text on it would be hard to read.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EMBLEM_MAX_BYTES = 512 * 1024
# An emblem shows at 48 px on pages and 18 mm in print: 2048 × 2048 is far more than enough.
EMBLEM_MAX_PIXELS = 2048 * 2048
EMBLEM_MAX_SIDE_TEXT = "2048 × 2048"
EMBLEM_FORMATS = {"PNG", "JPEG"}
# WCAG 2.1 AA for normal text: white on the primary colour must reach this contrast ratio.
MIN_CONTRAST_WITH_WHITE = 4.5
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_PRIMARY_COLOR = "#2f4858"


def _dimensions(stream) -> tuple[int, int]:
    """Width and height from the image's header; nothing is decoded. Raises for what is not an image."""
    from PIL import Image

    with warnings.catch_warnings():
        # Pillow warns (and past twice its limit refuses) at huge sizes; the caller compares them itself.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(stream) as image:
            return image.size


def is_safe_to_decode(content: bytes | IO[bytes]) -> bool:
    """Whether a stored emblem is small enough to draw: one kept from before the pixel limit may not be.

    Only the header is read; a stream is left where it was.
    """
    from PIL import Image

    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    position = stream.tell()
    try:
        width, height = _dimensions(stream)
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return False
    finally:
        stream.seek(position)
    return width * height <= EMBLEM_MAX_PIXELS


def validate_emblem(file) -> None:
    """Accept a PNG or JPEG of at most 512 KB and 2048 × 2048 pixels, judged by its content, not its name.

    The pixel limit matters more than the size: a 17 KB PNG can hold 12,000 × 12,000 pixels, which
    take a gigabyte of memory and seconds each time a report is drawn with it.
    """
    from PIL import Image, UnidentifiedImageError

    if file.size > EMBLEM_MAX_BYTES:
        raise ValidationError(_("The emblem may be at most 512 KB; this file is larger."), code="too_large")
    if file.name.lower().endswith(".svg"):
        raise ValidationError(_("SVG emblems are not accepted: upload a PNG or JPEG."), code="svg")
    try:
        file.seek(0)
        width, height = _dimensions(file)
        if width * height > EMBLEM_MAX_PIXELS:
            raise Image.DecompressionBombError
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except Image.DecompressionBombError:
        raise ValidationError(
            _(
                "The emblem may be at most %(limit)s pixels; this image is larger. "
                "Save it at a smaller size and upload it again."
            ),
            code="too_many_pixels",
            params={"limit": EMBLEM_MAX_SIDE_TEXT},
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("This file is not a PNG or JPEG image."), code="not_image") from None
    finally:
        file.seek(0)
    if image_format not in EMBLEM_FORMATS:
        raise ValidationError(_("This file is not a PNG or JPEG image."), code="not_image")


def _luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(color: str) -> float:
    """The WCAG contrast ratio of white text on this #rrggbb colour."""
    return 1.05 / (_luminance(color) + 0.05)


def validate_primary_color(color: str) -> None:
    """A #rrggbb colour dark enough for white text on it (4.5:1)."""
    if not HEX_COLOR.match(color or ""):
        raise ValidationError(_("Write the colour as # followed by six hex digits, e.g. #2f4858."), code="format")
    ratio = contrast_with_white(color)
    if ratio < MIN_CONTRAST_WITH_WHITE:
        raise ValidationError(
            _("White text on this colour has a contrast of %(ratio).1f:1; choose a darker colour (4.5:1 at least)."),
            code="contrast",
            params={"ratio": ratio},
        )


HOST_NAME = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$")


def validate_host_name(value: str) -> None:
    """A domain as a browser sends it in Host, without scheme, port or path (e.g. konsultime.istog.org)."""
    if not HOST_NAME.match((value or "").strip().lower().rstrip(".")):
        raise ValidationError(
            _("Enter a domain name only, e.g. konsultime.istog.org (no https://, no slash, no port)."),
            code="invalid_host",
        )
