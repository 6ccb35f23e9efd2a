"""Absolute links for mail and published documents, which leave the site."""

from django.conf import settings


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
