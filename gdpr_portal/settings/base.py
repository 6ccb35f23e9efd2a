"""Settings shared by every environment; each value that differs comes from the environment.

Every variable read here is documented in `.env.example`.
"""

import datetime
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the running portal writes (SQLite file, media, collected static, mail folder) lives
# under var/, which git ignores.
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

INSTALLED_APPS = [
    "gdpr_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "mailer",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
    "gdpr_portal",
    "controllers",
    "policies",
    "requests_app",
    "breaches",
    "retention",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gdpr_portal.middleware.RejectNullBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Published pages for visitors without a session, before anything else has to run.
    "gdpr_portal.public_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known, before anything reads the body.
    "gdpr_portal.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gdpr_portal.middleware.SessionActivityMiddleware",
    # Password typed again before 2FA or the password changes; audited; other sessions end.
    "gdpr_portal.account.SensitiveAccountChangesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "gdpr_portal.middleware.PermissionsPolicyMiddleware",
    "gdpr_portal.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and locks out (django-axes) before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "gdpr_portal.urls"
WSGI_APPLICATION = "gdpr_portal.wsgi.application"

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
                "gdpr_portal.context_processors.portal",
                "policies.context_processors.operator_policy",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each app process keeps its own small cache: published pages and PDFs for a minute, the empty
# request form, the footer link. Nothing in it is shared state (rate limits and schedules live
# in PostgreSQL), so instances need no cache server. 300 entries of at most a few hundred KB.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
    # Citizens' status pages (requests_app/status_pages.py), apart so that they never push the
    # published pages out: one entry per token and language, dropped ten minutes after it was made.
    "status_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "status-pages",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Bulgarian is the default language and lives at the root paths; English under /en/.
LANGUAGE_CODE = "bg"
LANGUAGES = [
    ("bg", _("Bulgarian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Fills in what Django's Bulgarian formats lack (a date with a time).
FORMAT_MODULE_PATH = ["gdpr_portal.formats"]
USE_TZ = True
# Deadlines are counted in the portal's time zone (shared/domain/deadlines.md point 1).
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Sofia")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Media is private (attachments, generated documents): it is never mapped to a public URL; views
# that check permission stream what a user may see.
MEDIA_URL = "/media-not-served/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Mail goes through a durable outbox (django-mailer): sending a message writes a row in the same
# transaction as the change that caused it, and the worker (`runmailer`) delivers it with the
# backend that EMAIL_URL names, deferring and retrying when the server is down.
_EMAIL = env.email("EMAIL_URL", default="consolemail://")
MAILER_EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _EMAIL["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _EMAIL["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _EMAIL["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _EMAIL.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _EMAIL.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = _EMAIL["EMAIL_FILE_PATH"]
EMAIL_BACKEND = "mailer.backend.DbBackend"
# Row-level locks in the database keep several workers from sending the same message; a file
# lock would only work on one host.
MAILER_USE_FILE_LOCK = False
# The worker's delivery (gdpr_portal/outbox.py, docs/reliability.md): a message refused for
# good (5xx) is marked failed at once; one refused for now (4xx) or cut off is tried again after
# 30 s, 1, 2, 4 … minutes (at most an hour apart), 12 attempts in all (about 5 hours), then
# marked failed. One found half-sent by a killed worker is marked failed after 10 minutes.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
MAIL_RETRY_BASE_SECONDS = env.float("MAIL_RETRY_BASE_SECONDS", default=30)
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=12)
MAIL_SENDING_TIMEOUT = env.int("MAIL_SENDING_TIMEOUT", default=600)
MAIL_RECORD_ATTEMPTS = env.int("MAIL_RECORD_ATTEMPTS", default=12)
MAIL_FAILURES_KEPT_DAYS = env.int("MAIL_FAILURES_KEPT_DAYS", default=90)
# The worker's heartbeat: older than this, /healthz answers 503 and the dashboard says so.
WORKER_STALE_SECONDS = env.int("WORKER_STALE_SECONDS", default=180)
WORKER_MAX_BACKOFF_SECONDS = env.float("WORKER_MAX_BACKOFF_SECONDS", default=60)
# Messages a worker's pass delivers before it runs its jobs again (the requests waiting to be
# filed among them): a long queue of mail never holds a filing back for more than one slice.
WORKER_MAIL_PER_PASS = env.int("WORKER_MAIL_PER_PASS", default=50)
WORKER_HEARTBEATS_KEPT = datetime.timedelta(days=1)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="GDPR Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Absolute address of the portal, used in links sent by email.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Only strictly necessary cookies: the session (staff) and CSRF. Both are first-party and
# HttpOnly where the browser allows; nothing is set for anonymous reading of public pages.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "gdpr_portal.views.csrf_failure"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Staff sign in with a password and a second factor (TOTP, or a single-use recovery code).
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"
# Changing the password or the second factor asks for the password again if the last time it
# was typed is older than this (gdpr_portal/account.py).
REAUTH_MAX_AGE_SECONDS = env.int("REAUTH_MAX_AGE_SECONDS", default=5 * 60)
TWO_FACTOR_PATCH_ADMIN = False  # the admin site itself requires a verified device (urls.py)
OTP_TOTP_ISSUER = "GDPR Portal"

# Staff sessions end after 30 minutes without a request, and with the browser; activity renews
# them (gdpr_portal.middleware.SessionActivityMiddleware, at most one write a minute).
SESSION_COOKIE_AGE = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling: 5 failures for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_VERBOSE = False
# Successful sign-ins are not logged with their addresses; failures are, for 30 days (retention).
AXES_DISABLE_ACCESS_LOG = True

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# The portal's operator is itself a controller on the portal: its policy is linked from every
# page, and the evidence of disposing of records that belong to no controller names it.
PORTAL_OPERATOR_SLUG = env.str("PORTAL_OPERATOR_SLUG", default="portal")

# How long the portal keeps the records it holds itself (GDPR Art. 5(1)(e)); `manage.py
# apply_retention` enforces them through the purge each app registers (retention.registry).
# Part of the product, not of any register: every install has them from its first start.
# Keys are RetentionRule.PortalRecords; periods count from the record's starting event.
_ART_5_1_E = "чл. 5, пар. 1, буква „д“ ОРЗД"
PORTAL_RETENTION = {
    "closed_requests": {
        "name": "Приключени искания на субекти на данни",
        "years": 5,
        "legal_reference": "чл. 110 от Закона за задълженията и договорите (общ давностен срок)",
    },
    # Never before the request's deadline has passed, whatever the period (deadlines.md §1).
    "unconfirmed_requests": {
        "name": "Искания, чийто имейл адрес никога не е потвърден",
        "days": 30,
        "legal_reference": _ART_5_1_E,
    },
    # Counted from the end of the download period (30 days after release).
    "released_documents": {
        "name": "Документи, предоставени на заявителите",
        "days": 1,
        "legal_reference": _ART_5_1_E,
    },
    "unconfirmed_subscriptions": {
        "name": "Непотвърдени абонаменти за нови версии на политики",
        "days": 7,
        "legal_reference": _ART_5_1_E,
    },
    "mail_log": {
        "name": "Дневник на изпратените съобщения",
        "days": 90,
        "legal_reference": "чл. 32 ОРЗД (доказване на изпращането)",
    },
    "rate_limit_counters": {
        "name": "Броячи срещу злоупотреби (хеширани IP и имейл адреси)",
        "days": 2,
        "legal_reference": "чл. 32 ОРЗД",
    },
    "login_attempts": {
        "name": "Неуспешни опити за вход на служители (потребителско име и IP адрес)",
        "days": 30,
        "legal_reference": "чл. 32 ОРЗД",
    },
}

# Mounts /bench/, the yardsticks of `make bench` (never in production).
BENCHMARK_VIEWS = env.bool("BENCHMARK_VIEWS", default=False)

# A request sent on the public form without files is stored as sent, in one durable statement,
# and filed by the worker moments later (requests_app/intake.py; PostgreSQL only). Off, the same
# request files it at once (the tests).
REQUEST_FILING_DEFERRED = env.bool("REQUEST_FILING_DEFERRED", default=True)

# Abuse limits of the public request form (a 429 page past them).
REQUESTS_PER_IP_PER_HOUR = env.int("REQUESTS_PER_IP_PER_HOUR", default=10)
REQUESTS_PER_EMAIL_PER_DAY = env.int("REQUESTS_PER_EMAIL_PER_DAY", default=5)
# Every POST of the request form, valid or not, from one address.
REQUEST_ATTEMPTS_PER_IP_PER_HOUR = env.int("REQUEST_ATTEMPTS_PER_IP_PER_HOUR", default=60)
# Every mail a visitor can make the portal send (confirmation, new link, subscription), counted
# together per recipient and per client address per day, whatever the request or token.
PUBLIC_MAILS_PER_RECIPIENT_PER_DAY = env.int("PUBLIC_MAILS_PER_RECIPIENT_PER_DAY", default=5)
PUBLIC_MAILS_PER_IP_PER_DAY = env.int("PUBLIC_MAILS_PER_IP_PER_DAY", default=30)
# New confirmation links asked for one request per hour (within the limits above).
RESENDS_PER_TOKEN_PER_HOUR = env.int("RESENDS_PER_TOKEN_PER_HOUR", default=3)
# Set only behind a reverse proxy that writes X-Forwarded-For itself.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
# Size limits set in the app (a styled 413 page past them, gdpr_portal/middleware.py): the whole
# body (the request form's 5 documents and a power of attorney, 5 MB each, and the form), the
# form's fields without the files, and the number of files. Uploads are read into memory up to
# FILE_UPLOAD_MAX_MEMORY_SIZE and checked before anything is stored.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=32 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=10)
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# Django 6.0's default, adopted now: a typed URL without a scheme means https.
FORMS_URLFIELD_ASSUME_HTTPS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {
        "redact_secrets": {"()": "gdpr_portal.middleware.RedactSecretsFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request lines can carry tokens and e-mail addresses in query strings; they are not
        # logged by the application (the reverse proxy decides what it keeps).
        "django.server": {"level": "WARNING", "filters": ["redact_secrets"]},
        # 4xx and 5xx lines name the URL: tokens in it are redacted before any handler sees them.
        "django.request": {"filters": ["redact_secrets"]},
        # django-mailer logs recipients' addresses at INFO; django-axes logs usernames and
        # addresses of failed logins (they are kept, for 30 minutes, in its own table).
        "mailer": {"level": "WARNING"},
        "axes": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
