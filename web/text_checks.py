"""Characters stored text must not contain: NUL and the invisible bidirectional controls.

A title with U+202E (RIGHT-TO-LEFT OVERRIDE) shows "report‮fdp.exe" as "reportexe.pdf" on
pages, in CSV files and in calendars; NUL cannot be stored in PostgreSQL at all. Staff
forms, citizens' forms and the commands refuse both with a message; nothing is silently removed.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# U+202A-U+202E: embeddings and overrides; U+2066-U+2069: isolates; U+0000: NUL.
FORBIDDEN_CHARACTERS = re.compile("[\x00\u202a-\u202e\u2066-\u2069]")

MESSAGE = _(
    "Remove the invisible text-direction control characters (U+202A–U+202E, U+2066–U+2069) or NUL "
    "characters from this text: they can make it display differently from what it is."
)


# Citizens mostly bring these characters along unknowingly, pasted from another program.
CITIZEN_MESSAGE = _(
    "Your text holds invisible characters that change the direction of the writing (often copied along "
    "from another program). Remove them, for example by typing the text again, and send it once more."
)


def has_forbidden_characters(value: str) -> bool:
    """Whether the text holds NUL or a bidirectional control character."""
    return bool(FORBIDDEN_CHARACTERS.search(value))


def validate_plain_text(value) -> None:
    """Refuse text that holds NUL or a bidirectional control character (a field validator)."""
    if isinstance(value, str) and has_forbidden_characters(value):
        raise ValidationError(MESSAGE, code="control_characters")


def validate_citizen_text(value) -> None:
    """The same refusal for a citizen's form, in words for someone who never saw a code point."""
    if isinstance(value, str) and has_forbidden_characters(value):
        raise ValidationError(CITIZEN_MESSAGE, code="control_characters")


def digits_or_none(raw: str | None, maximum: int = 2**31 - 1) -> int | None:
    """The number an address parameter holds when it is plain ASCII digits within range, else None.

    str.isdigit() accepts "²" and other Unicode digits that int() then refuses.
    """
    # The length first: int() refuses (ValueError) more than 4,300 digits.
    if raw and len(raw) <= len(str(maximum)) and raw.isascii() and raw.isdigit():
        value = int(raw)
        if value <= maximum:
            return value
    return None
