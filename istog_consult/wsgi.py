"""WSGI entry point for gunicorn: gunicorn istog_consult.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "istog_consult.settings")
application = get_wsgi_application()
