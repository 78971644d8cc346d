"""Settings for Istog Consult.

Every environment variable is read once, here, with its type and default (istog_consult/env.py).
A bad value stops start-up with a message that names the variable. See docs/configuration.md.
"""

import datetime
import os
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from web.cache import cache_settings

from .env import env_admins, env_bool, env_int, env_list, env_parsed, env_redis_url, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -----------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (DEBUG=1 allows a development key)."
        )
    # Only for the quick start (make run sets DEBUG=1); never used in production.
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

# Every municipality's domain must be allowed too (or "*": municipalities.hosts then answers 400 for a host
# that is no municipality's); on a developer's machine each municipality is at <slug>.localhost.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", ".localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch the admin.
    "modeltranslation",
    # Django's admin, entered by a municipality's members only (municipalities.sites).
    "municipalities.apps.MunicipalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "simple_history",
    # Django's task framework (the django-tasks backport until Django 6.0) and its database queue.
    "django_tasks",
    "django_tasks_db",
    # The project's apps, lowest layer first (the contract in pyproject.toml keeps imports pointing down).
    # web: the infrastructure (page cache, stored files, printing...); municipalities: the tenant.
    "web",
    "municipalities",
    "consultations",
    "notifications",
    "register",
    "participation",
    "outcomes",
    # Minimum standards and printed papers: above the register and participation, below the reports.
    # compliance's admin adds its warnings to the hearing admin, so it comes after consultations.
    "compliance",
    "papers",
    "reports",
    "opendata",
    "staff",
    "demo",
    "national",
    # Top layer: health check, outage pages, error reports, logs, backups; nothing imports it.
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # GET, HEAD and POST only: OPTIONS, TRACE and the rest get 405 without a page.
    "web.methods.AllowedMethodsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost of the rest: compresses what the others produced, after the ETag is computed.
    "web.compression.BreachSafeGZipMiddleware",
    # What nginx's micro-cache may keep: nothing personal (Cache-Control: private), the rest to the end of the second
    # (outside ConditionalGetMiddleware, so that its 304s say so too).
    "web.proxy_cache.ProxyCacheHeadersMiddleware",
    # ETag from the body (unless a view set its own) and 304 for If-None-Match/If-Modified-Since.
    "django.middleware.http.ConditionalGetMiddleware",
    # The municipality from the Host (400 for an unknown one, 301 from a secondary domain) and its scope
    # for everything below: sessions, sign-in, views.
    "municipalities.middleware.MunicipalityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Near the end, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Last, so that its process_exception sees a view's database errors first (503, not 500).
    # A database error in a middleware above (the municipality's lookup) reaches handler500.
    "operations.outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "istog_consult.urls"
WSGI_APPLICATION = "istog_consult.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "web.cyrillic_templates.DjangoTemplates",
        # The engine keeps Django's alias ("django"), as code that asks for it by name expects.
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "municipalities.context_processors.portal",
                "reports.context_processors.published_reports",
            ],
        },
    },
]
# Widgets render through TEMPLATES, so templates/admin/widgets/ can label the admin's inputs.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database, cache, email ---------------------------------------------------------

DATABASES = {"default": env_parsed("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}", environ.Env.db_url_config)}
# Every view that writes runs in one transaction. The public pages that only read opt out
# (web.pagecache.public_page marks them non-atomic): on SQLite a request-wide
# BEGIN IMMEDIATE would make every reader queue for the write lock, and a cache hit must
# not open a transaction at all.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock at BEGIN and wait up to SQLITE_BUSY_TIMEOUT seconds for it instead of
    # failing with "database is locked"; WAL lets readers go on while one writer writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=5),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections: a new PostgreSQL connection per request costs more than most pages.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("CONN_HEALTH_CHECKS", True)
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str(
        "TEST_DATABASE_NAME", f"test_{DATABASES['default']['NAME']}"
    )

# Every gunicorn worker and every process must see an edit on the next request, so without
# CACHE_URL production uses a cache they share: files in CACHE_DIR (next to MEDIA_ROOT by default).
# A file cache needs no server and does not touch the database (on SQLite a database cache
# would take the write lock for every page it stores); it serves one machine. Several machines
# share Redis (CACHE_URL=redis://...). Only development (DEBUG=1) keeps each process's own memory.
# Whatever the cache is, it sits behind web.cache's fault guard: a cache server that is down or
# silent, or a cache folder that is full or read-only, makes pages uncached, never failed, and a
# Redis client waits CACHE_SOCKET_TIMEOUT_MS at most for it.
CACHE_SOCKET_TIMEOUT_MS = env_int("CACHE_SOCKET_TIMEOUT_MS", 300, minimum=10)
CACHE_DIR = Path(env_str("CACHE_DIR", str(Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media"))).parent / "cache")))
# The file cache removes a third of its files when it holds more than this many (each store lists the folder).
CACHE_MAX_ENTRIES = env_int("CACHE_MAX_ENTRIES", 5000, minimum=100)
if os.environ.get("CACHE_URL"):
    _cache = env_parsed("CACHE_URL", "", environ.Env.cache_url_config)
elif DEBUG:
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": ""}
else:
    _cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR),
        "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES},
    }
CACHES = {"default": cache_settings(_cache, CACHE_SOCKET_TIMEOUT_MS / 1000)}
# Public pages for anonymous readers are kept this long at most (web/pagecache.py);
# any change staff make shows at once regardless. 0 turns the page cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
# Larger responses (a whole year's CSV of a big city) are streamed each time, not kept.
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 2_000_000)

_email = env_parsed("EMAIL_URL", "consolemail://", environ.Env.email_url_config)
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
for _key, _value in _email.items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "konsultime@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Mail Django builds itself (password resets, errors to ADMINS) dated in the portal's zone, not "-0000".
EMAIL_USE_LOCALTIME = True
# Seconds an SMTP connection may wait for the server before the send counts as failed.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
# Mail leaves in the worker (`run_worker`), never in a request: it looks for due
# messages every MAIL_WORKER_INTERVAL seconds and sends at most MAIL_BATCH_SIZE per SMTP connection.
MAIL_WORKER_INTERVAL = env_int("MAIL_WORKER_INTERVAL", 5, minimum=1)
MAIL_BATCH_SIZE = env_int("MAIL_BATCH_SIZE", 50, minimum=1)
# The admin's "send now" stops starting new messages after this many seconds, so that with
# EMAIL_TIMEOUT it stays well inside gunicorn's worker timeout (60 s in docs/deployment.md).
MAIL_SEND_NOW_SECONDS = env_int("MAIL_SEND_NOW_SECONDS", 20, minimum=1)
# --- Background tasks ---------------------------------------------------------------
# Slow or retried work (sending mail, publishing and rendering PDFs, the periodic jobs) is a task of
# Django's task framework; `manage.py run_worker` runs them. The default queue lives in the database,
# so one small server needs no other service; TASK_BACKEND names another backend (docs/configuration.md).
TASK_BACKEND = env_str("TASK_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASK_BACKEND}}
# The worker looks for new tasks (and for periodic jobs that are due) this often when it is idle.
TASK_WORKER_INTERVAL = env_int("TASK_WORKER_INTERVAL", 1, minimum=1)
if TASK_BACKEND.startswith("django_tasks_rq."):
    # Redis through RQ, for an operator who runs Redis anyway: `manage.py rqworker --with-scheduler default`
    # runs the tasks and `run_worker` keeps the schedule. An enqueue waits TASK_REDIS_TIMEOUT_MS at most
    # for Redis (rq's worker lengthens its own wait); a task may run 30 minutes, as a publication may.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    _redis_timeout = env_int("TASK_REDIS_TIMEOUT_MS", 2000, minimum=100) / 1000
    _redis_url = env_redis_url("TASK_REDIS_URL", "redis://127.0.0.1:6379/0", _redis_timeout)
    RQ_QUEUES = {"default": {"URL": _redis_url, "DEFAULT_TIMEOUT": 30 * 60}}
    # django-tasks-rq's job class runs a task as the task framework does, in every `rqworker`.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    RQ_SHOW_ADMIN_LINK = False  # its dashboard shows every municipality's jobs: `manage.py rqstats` instead

# The printed annual report lists at most this many consultations one by one; beyond, its annex
# sums them by month, method and place and points to the year's CSV (reports/annex.py).
REPORT_ANNEX_ROWS = env_int("REPORT_ANNEX_ROWS", 200, minimum=1)

# A subscription form sent again for an address still unconfirmed sends no new confirmation
# within this many seconds, so that nobody can flood a citizen's inbox through the form.
CONFIRMATION_EMAIL_COOLDOWN_SECONDS = env_int("CONFIRMATION_EMAIL_COOLDOWN_SECONDS", 15 * 60, minimum=1)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Languages ----------------------------------------------------------------------

LANGUAGE_CODE = "sq"
LANGUAGES = [
    ("sq", _("Albanian")),
    ("sr-latn", _("Serbian (Latin)")),
    ("sr", _("Serbian (Cyrillic)")),
    ("bs", _("Bosnian")),
    ("tr", _("Turkish")),
    ("en", _("English")),
]
# locale/django_gaps holds the Bosnian entries Django's own catalogs lack (without them the
# Bosnian admin falls back to Albanian); makemessages writes only to the first path.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "django_gaps"]
USE_I18N = True
# Albanian dates as Kosovo writes them (10.05.2025, 17:30); other languages use Django's formats.
FORMAT_MODULE_PATH = ["web.formats"]
USE_TZ = True
TIME_ZONE = "Europe/Belgrade"  # Kosovo's time zone

# Languages rendered from another one by transliteration, never written twice (web/cyrillic.py): the
# interface catalog is generated from the source's, and content is the source's, transliterated.
TRANSLITERATED_LANGUAGES = {"sr": "sr-latn"}
# Staff write content in these; a transliterated language has no columns of its own.
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES if code not in TRANSLITERATED_LANGUAGES)
MODELTRANSLATION_DEFAULT_LANGUAGE = "sq"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("sq",)
# Staff content must exist in these languages before a hearing can be published.
REQUIRED_CONTENT_LANGUAGES = env_list("REQUIRED_CONTENT_LANGUAGES", ["sq", "sr-latn"])
for _code in REQUIRED_CONTENT_LANGUAGES:
    if _code not in MODELTRANSLATION_LANGUAGES:
        raise ImproperlyConfigured(
            f"REQUIRED_CONTENT_LANGUAGES names {_code!r}, which is not in LANGUAGES or is not written by staff."
        )

# --- Static and uploaded files ------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    # FileSystemStorage that leaves no truncated file when the disk fills during an upload.
    "default": {"BACKEND": "web.storage.DocumentStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded documents, emblems and published PDFs stay in MEDIA_ROOT unless MEDIA_STORAGE_URL names
# S3-compatible object storage (s3://bucket[/prefix]?endpoint_url=https://...), which several
# application servers can share. A storage that does not answer costs MEDIA_STORAGE_TIMEOUT_MS at most.
MEDIA_STORAGE_URL = env_str("MEDIA_STORAGE_URL", "")
MEDIA_STORAGE_TIMEOUT_MS = env_int("MEDIA_STORAGE_TIMEOUT_MS", 5000, minimum=100)
if MEDIA_STORAGE_URL:
    from web.storage import object_storage_settings

    try:
        STORAGES["default"] = object_storage_settings(MEDIA_STORAGE_URL, MEDIA_STORAGE_TIMEOUT_MS / 1000)
    except ValueError as _error:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL is not valid ({MEDIA_STORAGE_URL!r}): {_error}") from None
WHITENOISE_USE_FINDERS = DEBUG
DOCUMENT_MAX_MB = env_int("DOCUMENT_MAX_MB", 10, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, stated so it is visible

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- The portal ---------------------------------------------------------------------

# Which municipality this installation serves, by slug; empty means the only one.
MUNICIPALITY_SLUG = env_str("MUNICIPALITY_SLUG", "")
# The installation's main domain (SITE_URL's host) serves these pages: the municipalities it hosts
# and the national view. Each municipality's own domain serves ROOT_URLCONF (municipalities.hosts).
PLATFORM_URLCONF = "istog_consult.platform_urls"
# Comments on written consultations: rate limit per address, and form time window.
COMMENT_RATE_LIMIT = env_int("COMMENT_RATE_LIMIT", 10, minimum=1)
COMMENT_RATE_WINDOW_SECONDS = env_int("COMMENT_RATE_WINDOW_SECONDS", 3600, minimum=1)
COMMENT_MIN_SECONDS = env_int("COMMENT_MIN_SECONDS", 3)
COMMENT_MAX_AGE_SECONDS = env_int("COMMENT_MAX_AGE_SECONDS", 4 * 3600, minimum=60)
# Reverse proxies (nginx) in front of gunicorn that append to X-Forwarded-For; the comment
# rate limit then counts the citizen's address, not the proxy's. 0 = use REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# A request is overdue after this many days without an answer, unless the municipality's
# minimum-standards rule (compliance app, rule "answer") says otherwise: this is the fallback.
UNANSWERED_AFTER_DAYS = env_int("UNANSWERED_AFTER_DAYS", 15, minimum=1)
# Data retention: refusal logs, sent mail, lapsed subscriptions and spam are deleted after
# this many days by `manage.py purge_old_records` (see participation/retention.py).
RETENTION_DAYS = env_int("RETENTION_DAYS", 90, minimum=1)
# Absolute address of the portal, for links in emails and feeds sent out of a request.
# The history is a record, not an undo button: reverting from it would skip the workflows'
# checks (an emailed answer, a published plan), so staff change records through their forms.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Unset, links point at the development server and nothing can be published: a published document
# freezes the address it links to (its QR code, its verification link), so it needs the real one.
_site_url = env_str("SITE_URL", "").strip()
SITE_URL_CONFIGURED = bool(_site_url)
SITE_URL = (_site_url or "http://127.0.0.1:8000").rstrip("/")

# --- Security -----------------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A monitor on the server itself asks for the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
# The language chosen in the switcher travels like the session: only over HTTPS, not on cross-site posts.
LANGUAGE_COOKIE_SECURE = env_bool("LANGUAGE_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# A strict Content-Security-Policy (django-csp) on every page, the admin and the error pages: only our
# own files; no inline script or style, no eval, no framing, forms post only to us. Bootstrap's CSS
# draws form controls with data: SVG images, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
    },
}
# Browser features the portal never uses are turned off for it and anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

if env_bool("BEHIND_HTTPS_PROXY", False):
    # Set when gunicorn sits behind nginx that terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Staff sign in through the admin's login page, in the language of the page they came from.
LOGIN_URL = "admin:login"

# Failed staff sign-ins (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address (an IPv6 /64), that pair is locked for AXES_COOLOFF_MINUTES. Locking the pair, not the
# username alone, means an attacker elsewhere cannot lock the officer out; the officer unlocks in the
# admin. Across all addresses, AXES_ACCOUNT_FAILURE_LIMIT wrong passwords within the cool-off close the
# account to addresses it never signed in from (web/staff_login.py, docs/security.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # A role's permissions in the municipality where the person holds it (Membership), nowhere else.
    "municipalities.backends.MembershipBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ACCOUNT_FAILURE_LIMIT = env_int("AXES_ACCOUNT_FAILURE_LIMIT", 20, minimum=1)
AXES_HANDLER = "web.staff_login.StaffSignInHandler"
AXES_CLIENT_IP_CALLABLE = "web.staff_login.sign_in_address"
AXES_LOCKOUT_CALLABLE = "web.staff_login.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# Password reset by email: links asked for per address and per email address within an hour.
PASSWORD_RESET_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS", 5, minimum=1)
PASSWORD_RESET_PER_EMAIL = env_int("PASSWORD_RESET_PER_EMAIL", 3, minimum=1)
PASSWORD_RESET_WINDOW_SECONDS = 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Errors and logs ------------------------------------------------------------------

# People who receive a report by mail for every server error (500) when DEBUG is off.
ADMINS = env_admins("ADMINS")
MANAGERS = ADMINS
# Optional: error reports to Sentry; personal data (addresses, cookies, users) is removed first.
SENTRY_DSN = env_str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
if SENTRY_DSN:
    from operations.sentry import init_sentry

    init_sentry(SENTRY_DSN, SENTRY_ENVIRONMENT)

LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json'; got {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "text": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "json": {"()": "operations.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
        "mail_admins": {
            # Stored in the mail queue and sent by the mail worker, never inside the failing request.
            "class": "notifications.error_reports.QueuedAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's errors (500s with their tracebacks) go to the console through root and,
        # when ADMINS is set, by mail. This replaces Django's default handlers for "django".
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        # WeasyPrint logs each layout step of a PDF at INFO, django-axes each sign-in.
        "weasyprint.progress": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # pikepdf (web/pdf_tagging.py) announces its logger bridge at INFO on import, in every command.
        "pikepdf": {"level": "WARNING"},
        # django-tasks-db's worker announces each round (every second when idle); the tasks themselves
        # are logged by django_tasks (started, succeeded, failed) and our worker (operations.worker).
        "django_tasks_db": {"level": "WARNING"},
    },
}
