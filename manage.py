#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "istog_consult.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reads the settings)
    except ImproperlyConfigured as error:
        # Django would carry on without settings and fail later with "Models aren't loaded yet";
        # the settings' own message names the variable to set.
        sys.exit(f"manage.py: {error}")
    from municipalities.scoping import every_municipality

    # A command is the operator's: it may read every municipality (migrations, backups, the worker's
    # mail queue). The work of one municipality enters its scope (--municipality, each task's own);
    # requests never pass here: runserver's and gunicorn's threads start without this scope.
    with every_municipality("a command run by the platform operator"):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
