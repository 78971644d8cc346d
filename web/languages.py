"""The installation's languages as choices, read when asked rather than copied into migrations.

A model field with `choices=settings.LANGUAGES` writes the list into every migration of its app, so
adding a language to the installation (docs/languages.md) would ask for a migration in each app that
stores a language code. A callable is recorded by its name only: the choices follow the settings.
"""

from __future__ import annotations

from django.conf import settings


def language_choices() -> list[tuple[str, str]]:
    """The installation's languages (code, name), as `settings.LANGUAGES` has them now."""
    return list(settings.LANGUAGES)
