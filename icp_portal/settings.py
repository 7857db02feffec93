"""Settings of the ICP Portal: one module, read from the environment (12-factor).

The variables and their defaults are the public contract (see README, "Configuration"):
DATABASE_URL, CELERY_BROKER_URL, DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, EMAIL_URL, PORTAL_BASE_URL.
"""

from pathlib import Path
from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured
from import_export.formats import base_formats

from .partner_api_guide import partner_api_guide_in_language

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# The development key is public (it is in this file); a server with DEBUG off must never sign
# sessions or password-reset links with it.
DEVELOPMENT_SECRET_KEY = "django-insecure-icp-portal-development-key-do-not-use-in-production"

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off the portal refuses the public development key: "
        "set DJANGO_SECRET_KEY to a long random value, for example the output of "
        '`python -c "import secrets; print(secrets.token_urlsafe(50))"`, or set DJANGO_DEBUG=on for development.'
    )

# Rotating the key: the new one in DJANGO_SECRET_KEY, the old ones here for a while, so sessions, links already sent
# and e-mails still waiting in the outbox (encrypted with a key derived from it) keep working until they expire.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])

# The portal's public address: every link in every e-mail is built from it (e-mails leave outside a request, from
# Celery tasks). `make run` passes its own host and port; a server with DEBUG off must say where it answers, or its
# e-mails would link to a machine that is not there.
DEVELOPMENT_BASE_URL = "http://127.0.0.1:8000"
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="" if not DEBUG else DEVELOPMENT_BASE_URL).rstrip("/")
if not PORTAL_BASE_URL:
    raise ImproperlyConfigured(
        "PORTAL_BASE_URL is not set. With DJANGO_DEBUG off the portal needs its public address for the links in its "
        "e-mails: set PORTAL_BASE_URL to it, for example PORTAL_BASE_URL=https://portal.citiesofpeace.org."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "icp_portal.apps.PortalAdminConfig",  # Django's admin on the portal's site (staff sign-in)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_countries",
    "simple_history",
    "import_export",
    "csp",
    "django_guid",
    "members",
    "proclamations",
    "initiatives",
    "outbox",
    "applications",
    "operations",
    "progress",
    "certificates",
    "surveys",
    "reports",
    "accounts",
    "demo",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Partner REST API (icp_portal/api/): keys, filters, OpenAPI schema and its docs from the package.
    "partners",
    # Partners told of events (webhooks/): above every app whose signals it records.
    "webhooks",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id (X-Request-ID from the proxy, or a new one).
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the address (/es/...), else the cookie, else Accept-Language (icp_portal/i18n.py).
    "icp_portal.i18n.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records who made each change in the history of cities, applications and the rest.
    "simple_history.middleware.HistoryRequestMiddleware",
    "icp_portal.middleware.admin_input_guard",
    "icp_portal.middleware.staff_second_factor_required",
    "accounts.middleware.person_details_required",
]

ROOT_URLCONF = "icp_portal.urls"
WSGI_APPLICATION = "icp_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "icp_portal.context_processors.contact",
                "icp_portal.context_processors.portal_address",
                "icp_portal.i18n.languages",
            ],
        },
    },
]

# Security. In production (DEBUG off) the portal sits behind a TLS proxy that sets X-Forwarded-Proto;
# every protection is on by default and each can be switched off where a deployment differs.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies of ours stand in front of the portal, each appending to X-Forwarded-For. Every per-address
# limit (API throttling, sign-in lockout) takes the client's address from the entry the outermost of them appended
# (icp_portal.client_address); with 0 the header is ignored, since anyone can send it.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SESSION_COOKIE_HTTPONLY = True
# Scripts only from our own origin: no inline script runs. Django admin still sets some inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Database: SQLite under var/ unless DATABASE_URL names another one.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'icp_portal.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Keep connections between requests, and check them before reuse so a restarted
    # PostgreSQL costs one failed health check, not one failed request.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches in each process's memory by default: nothing waits on Redis. "api_pages" keeps rendered pages of the
# partner API, each checked against the data's version on every request (icp_portal/api/page_cache.py), for
# at most DJANGO_API_PAGE_CACHE_SECONDS (0 switches it off).
API_PAGE_CACHE_SECONDS = env.int("DJANGO_API_PAGE_CACHE_SECONDS", default=30)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "api-pages",
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
# With more than one web process, DJANGO_CACHE_URL=redis://... shares the default cache (the sign-in lock and the
# API's rate limits) between them. A Redis that is down or frozen costs one call half a second, then reads as an
# empty cache for a few seconds (icp_portal/cache.py): limits count nothing meanwhile, nothing fails.
if env.str("DJANGO_CACHE_URL", default=""):
    CACHES["default"] = {
        "BACKEND": "icp_portal.cache.RedisCacheOrNothing",
        "LOCATION": env.str("DJANGO_CACHE_URL"),
        "KEY_PREFIX": "icp",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }

AUTH_USER_MODEL = "members.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# Accounts (django-allauth): e-mail and password, e-mail verified before first sign-in.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up also asks the person's name, their role in the community and an optional phone (accounts/forms.py).
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
# "Successfully signed in as ...": the person's name (accounts/adapters.py).
ACCOUNT_USER_DISPLAY = "accounts.adapters.user_display"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cities of Peace] "
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Five failed sign-ins for one account lock it for 15 minutes: a pause, never a permanent lock that an
# attacker could use to keep a real coordinator out. Staff sign in to admin through the same page.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/15m/key"}
# allauth's addresses come from accounts.adapters.AccountAdapter.get_client_ip; its own count is kept the same.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Two-factor sign-in (authenticator app, recovery codes) at /accounts/2fa/: optional for coordinators, required
# for staff, who cannot open admin until they have set it up (icp_portal/middleware.py). Off in development.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cities of Peace"
STAFF_REQUIRE_2FA = env.bool("DJANGO_STAFF_REQUIRE_2FA", default=not DEBUG)

LANGUAGE_CODE = "en"
# Each language named in itself, as the switcher shows it. Adding one: README, "Adding the next language".
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("pt", "Português"),
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("ja", "日本語"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
NODE_MODULES = BASE_DIR / "node_modules"
# Our CSS and JS, and the front-end packages npm installed from package.json (`make` runs `npm ci`).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/topojson", NODE_MODULES / "topojson-client" / "dist"),
    ("vendor/world-atlas", NODE_MODULES / "world-atlas"),
]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Uploads on local disk, or in an S3-compatible bucket when DJANGO_S3_BUCKET is set (AWS, MinIO, ...).
S3_BUCKET = env.str("DJANGO_S3_BUCKET", default="")
S3_OPTIONS = {
    "bucket_name": S3_BUCKET,
    "endpoint_url": env.str("DJANGO_S3_ENDPOINT_URL", default="") or None,
    "region_name": env.str("DJANGO_S3_REGION", default="") or None,
    "access_key": env.str("DJANGO_S3_ACCESS_KEY_ID", default="") or None,
    "secret_key": env.str("DJANGO_S3_SECRET_ACCESS_KEY", default="") or None,
    "default_acl": None,
    "querystring_auth": False,
    "file_overwrite": False,
}
STORAGES = {
    "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": S3_OPTIONS}
    if S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Uploads of applications: never under MEDIA_ROOT, served only through views that check who asks.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
# A member list uploaded for import waits for its confirmation with the private uploads, not in the web machine's
# /tmp (django-import-export's default): the confirmation may reach another machine.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "members.resources.PendingImportStorage"
# Import and export are rights of their own (`members.import_city`, `applications.export_application`, ...), held
# by Editors (applications/migrations/0009), not by every staff account as django-import-export's default lets.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
# Files people make in a spreadsheet; other formats (HTML, JSON, YAML, ...) only add ways for an import to fail.
IMPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]
EXPORT_FORMATS = IMPORT_FORMATS
# Form data beyond this (files not counted) is refused before any view runs; each file has its own limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024


# E-mail: files under var/mail/ unless EMAIL_URL says otherwise.
def _email_settings(url: str) -> dict:
    config = env.email_url_config(url)
    if url.startswith("filemail:"):
        # django-environ drops the leading "/" of an absolute path: take the path as written.
        config["EMAIL_FILE_PATH"] = urlparse(url).path or str(VAR_DIR / "mail")
    return config


_email = _email_settings(env.str("EMAIL_URL", default=f"filemail://{VAR_DIR / 'mail'}"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="ICP Portal <portal@citiesofpeace.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write to ICP: in the footer of every page and every e-mail, and wherever a message says "contact ICP".
ICP_CONTACT_EMAIL = env.str("ICP_CONTACT_EMAIL", default="info@citiesofpeace.org")
# ICP's reviewers hear of each new submission and each answer to a request for changes: one e-mail each ("each"),
# or one digest a day ("daily", sent by the task applications.tasks.send_reviewer_digests).
ICP_REVIEWER_NOTICES = env.str("ICP_REVIEWER_NOTICES", default="each")
if ICP_REVIEWER_NOTICES not in ("each", "daily"):
    raise ImproperlyConfigured(f"ICP_REVIEWER_NOTICES is {ICP_REVIEWER_NOTICES!r}: it must be 'each' or 'daily'.")

# Celery: without a broker, tasks run in-process so `make run` needs no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
# A task whose pool process dies under it (SIGKILL, out of memory) goes back to the queue and runs again instead
# of being acknowledged as failed; tasks are written to be run twice (bench/worker_kill.py).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
# A member list of 10,000 rows is checked or imported by one task (bench/member_import.py); under the broker's
# visibility timeout below, so the task is never handed out twice while it runs.
MEMBER_IMPORT_TIME_LIMIT = 25 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
# Fail fast when the broker does not answer instead of hanging a web request.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# visibility_timeout: Redis hands a task out again when its worker has not acknowledged it within this many
# seconds (a whole worker killed). It must exceed the longest a worker holds a task: countdown or retry delay
# (at most 480 s, send_outbound_email's last retry) plus time limit (at most 300 s), or it is handed out twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 1,
    "socket_connect_timeout": 1,
    "max_retries": 1,
    "visibility_timeout": env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=30 * 60),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request never waits long for a broker that is down or frozen: one try, bounded by the socket
# timeouts above. What cannot be published waits in the outbox (outbox/services.py) for the sweep.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TIMEZONE = TIME_ZONE
# Seconds a worker holds an e-mail it is sending (outbox/services.py): longer than the send task may run (60 s).
# Should the worker die, the e-mail goes out again after this.
OUTBOX_CLAIM_SECONDS = env.int("DJANGO_OUTBOX_CLAIM_SECONDS", default=120)

# Webhooks (webhooks/services.py). A receiver has this long to answer; failures (5xx, 429, network) are retried with
# backoff for WEBHOOKS_RETRY_HOURS, then the subscription is disabled. A rotated secret signs for
# WEBHOOKS_PREVIOUS_SECRET_HOURS more. Targets on loopback are refused unless WEBHOOKS_ALLOW_LOOPBACK is on (tests and
# development only: never in production), and must be https unless DEBUG is on.
WEBHOOKS_TIMEOUT_SECONDS = env.float("WEBHOOKS_TIMEOUT_SECONDS", default=5.0)
WEBHOOKS_RETRY_HOURS = env.float("WEBHOOKS_RETRY_HOURS", default=24.0)
WEBHOOKS_CLAIM_SECONDS = env.int("WEBHOOKS_CLAIM_SECONDS", default=60)
WEBHOOKS_PREVIOUS_SECRET_HOURS = env.float("WEBHOOKS_PREVIOUS_SECRET_HOURS", default=24.0)
WEBHOOKS_ALLOW_LOOPBACK = env.bool("WEBHOOKS_ALLOW_LOOPBACK", default=False)
WEBHOOKS_REQUIRE_HTTPS = env.bool("WEBHOOKS_REQUIRE_HTTPS", default=not DEBUG)
# A PEM file of the authorities whose certificates https receivers may show, instead of the public ones (certifi's
# bundle): for tests and development with a throwaway authority only (tests/webhooks/tls.py); empty in production.
WEBHOOKS_CA_FILE = env.str("WEBHOOKS_CA_FILE", default="")
# Deliveries wait on other servers, not on our CPU: they have a queue of their own, served by a thread-pool worker
# (Procfile `webhooks`), so a slow receiver holds up neither the portal's own tasks nor other partners' deliveries.
WEBHOOKS_QUEUE = env.str("WEBHOOKS_QUEUE", default="webhooks")

# Periodic work, run by `celery -A icp_portal beat`. Add entries here; one schedule for the whole portal.
CELERY_BEAT_SCHEDULE = {
    "send-pending-emails": {"task": "outbox.tasks.send_pending_emails", "schedule": 5 * 60},
    # Webhook retries that are due, and deliveries whose worker died (webhooks/services.py).
    "send-due-webhooks": {"task": "webhooks.tasks.send_due_webhooks", "schedule": 60},
    "remind-quiet-cities": {"task": "members.tasks.remind_quiet_cities", "schedule": 24 * 60 * 60},
    "remove-abandoned-imports": {"task": "members.tasks.remove_abandoned_imports", "schedule": 24 * 60 * 60},
    "take-progress-snapshot": {"task": "progress.tasks.take_progress_snapshot", "schedule": 24 * 60 * 60},
    "send-reviewer-digests": {"task": "applications.tasks.send_reviewer_digests", "schedule": 24 * 60 * 60},
    # Yearly reports: the coordinators' reminders of their window (each once); staff's list of silent cities
    # every 30 days.
    "remind-reports-due": {"task": "reports.tasks.remind_reports_due", "schedule": 24 * 60 * 60},
    "remind-staff-of-silent-cities": {"task": "reports.tasks.remind_staff_of_silent_cities", "schedule": 2592000},
    # The partner API's row tallies, one row per collection again (partners/tallies.py).
    "fold-row-tallies": {"task": "partners.tasks.fold_row_tallies", "schedule": 60 * 60},
}

# Logs: one JSON object per line with the request id (plain text while developing), to standard error
# where the process manager or the container platform collects them.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": False, "RETURN_HEADER": True}
LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s",
            "rename_fields": {"correlation_id": "request_id", "asctime": "time", "levelname": "level"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # pypdf warns about every flaw of every uploaded PDF it reads (proclamations/validators.py): the sender's
    # file, not the portal's fault, and a hostile sender could fill the log with them.
    "loggers": {"django_guid": {"level": "WARNING"}, "pypdf": {"level": "ERROR"}},
}

# Errors to Sentry (or any Sentry-compatible service) when SENTRY_DSN is set; no personal data is sent.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
    )

# Partner REST API at /api/v1/ (icp_portal/api/ has the shared pieces, one module each; the guide for partners is
# icp_portal/partner_api_guide.md). Public data is open at a low rate; a partner key gets a higher one.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["icp_portal.api.authentication.PartnerKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "icp_portal.api.throttling.AnonymousRateThrottle",
        "icp_portal.api.throttling.PartnerKeyRateThrottle",
    ],
    # Read only by DRF's own get_ident; our throttles ask icp_portal.client_address, which the same count feeds.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env.str("DJANGO_API_ANONYMOUS_RATE", default="60/minute"),
        "partner": env.str("DJANGO_API_PARTNER_RATE", default="1200/minute"),
        # Not the API: answers to community surveys per address (surveys/throttling.py), enough for a town hall on
        # one network.
        "survey_answers": env.str("DJANGO_SURVEY_ANSWER_RATE", default="30/hour"),
    },
    "DEFAULT_PAGINATION_CLASS": "icp_portal.api.pagination.PartnerPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["icp_portal.api.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "icp_portal.api.negotiation.FormatNegotiation",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "icp_portal.api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "International Cities of Peace: partner API",
    "VERSION": "1.0.0",
    # The guide for partners (icp_portal/partner_api_guide.md), or its translation in the schema's language.
    "DESCRIPTION": partner_api_guide_in_language,
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "MembershipStatusEnum": "members.choices.MembershipStatus",
        "NetworkEnum": "members.choices.Network",
        "WebhookEventTypeEnum": "webhooks.choices.EventType",
    },
}
