"""Loaded by pytest before Django's settings (addopts -p): the test environment's defaults.

Production defaults (HTTPS redirect, secure cookies) would get in the way of the test
client; the secret key here only signs test data.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-any-real-installation")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("LANGUAGE_COOKIE_SECURE", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("CACHE_URL", "locmemcache://")
os.environ.setdefault("EMAIL_URL", "consolemail://")
# The development server's address, set as an installation sets its own: publishing needs one.
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

# WhiteNoise warns on every request when STATIC_ROOT does not exist (no collectstatic in tests).
_static_root = os.path.join(tempfile.gettempdir(), "istog-consult-test-static")
os.makedirs(_static_root, exist_ok=True)
os.environ.setdefault("STATIC_ROOT", _static_root)

# Uploaded files (the demo's draft PDF among them) go to a temporary folder, not the checkout's media/.
_media_root = os.path.join(tempfile.gettempdir(), "istog-consult-test-media")
os.makedirs(_media_root, exist_ok=True)
os.environ.setdefault("MEDIA_ROOT", _media_root)
