import pytest
from django.db import connection


def pytest_report_header(config):
    # Every run says which database it ran on: CI must show PostgreSQL.
    settings = connection.settings_dict
    return f"database: {connection.vendor} ({settings.get('HOST')}:{settings.get('PORT')})"


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


@pytest.fixture(autouse=True)
def _staff_sign_in_with_a_second_factor(monkeypatch):
    """`client.force_login` in tests stands for a full sign-in: password and a verified TOTP
    device, as the admin requires. The two-factor flow itself is tested on its own."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.is_staff:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            device = device or TOTPDevice.objects.create(user=user, name="default", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty per-process caches (cached public pages, footer link, status
    pages)."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()
    yield
    for cache in caches.all(initialized_only=False):
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request activates its page's language in the thread and leaves it there (Django's
    LocaleMiddleware never deactivates it): a test ending on an /en/ page must not make the
    next test's Bulgarian output English."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)
