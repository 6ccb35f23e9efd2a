"""Local development: `make run`. Safe defaults for one machine, never for a server."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, VAR_DIR, env

# The demo (`manage.py load_demo`, run by `make run`) exists here and in tests, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

# The embedded SQLite file and the mail folder live here; SQLite cannot create the folder.
VAR_DIR.mkdir(exist_ok=True)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str(
    "SECRET_KEY", default="local-development-only-not-secret-7c1f0e9a2b4d4e6f8a0b1c2d3e4f5a6b"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Mail is written to var/mail/ (one file a message) unless EMAIL_URL says otherwise, so that
# confirmation links can be followed without a mail server.
if not env.str("EMAIL_URL", default=""):
    MAILER_EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
