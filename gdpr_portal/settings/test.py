"""Tests: always on PostgreSQL (`make test` starts a throwaway server and sets DATABASE_URL)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, env

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # the demo is tested; production has none

DEBUG = False
SECRET_KEY = "test-only-secret-key-0123456789abcdef0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

if not env.str("DATABASE_URL", default=""):
    # No database at all: the pure rules (deadlines, retention periods) run, and any test that
    # touches the database fails at once (tests/test_pure_rules.py runs them this way).
    DATABASES = {"default": {"ENGINE": "django.db.backends.dummy"}}
elif DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" and not env.bool(
    "ALLOW_NON_POSTGRES_TESTS", default=False
):
    raise ImproperlyConfigured(
        "Tests run on PostgreSQL: use `make test`, or set DATABASE_URL=postgres://…"
    )

# The request form's POST files the request at once, through the same pending row the worker
# files in production (requests_app/intake.py); tests of the deferral turn it on.
REQUEST_FILING_DEFERRED = env.bool("REQUEST_FILING_DEFERRED", default=False)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Messages are queued by the outbox as in production; tests deliver them with
# `mailer.engine.send_all()` into Django's in-memory outbox.
MAILER_EMAIL_BACKEND = env.str(
    "MAILER_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
# The several-instances test runs real servers and workers that deliver mail into files here.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
