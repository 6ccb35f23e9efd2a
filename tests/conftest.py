import pytest
from django.db import connection


def pytest_report_header(config):
    # Every run says which database it ran on: CI must show PostgreSQL.
    settings = connection.settings_dict
    return f"database: {connection.vendor} ({settings['HOST']}:{settings['PORT']})"


@pytest.fixture(autouse=True)
def _media_storage_is_per_test(settings):
    """Each test starts with an empty in-memory storage, so files never leak between tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture(autouse=True)
def _mail_goes_through_the_outbox(settings):
    """Django's test runner swaps EMAIL_BACKEND for locmem; restore the production path, where
    mail is queued by django-mailer and delivered into `mail.outbox` by `send_all()`."""
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
