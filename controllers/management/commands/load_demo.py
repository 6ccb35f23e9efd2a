"""Loads the demo: a demo staff account (and, with the register, the five seed controllers).

Safe to run again: existing rows are kept, and the account keeps the password first printed.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_USERNAME = "demo"


class Command(BaseCommand):
    help = "Load the demo data and create the demo staff account, printing its credentials."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            username, password = self._demo_staff()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo staff account: {username} / {password} "
                f"(sign in at {settings.SITE_URL}/admin/)"
            )
        )

    def _demo_staff(self) -> tuple[str, str]:
        # The password is stored beside the SQLite file so that later runs print the same one
        # without keeping it in clear anywhere else.
        credentials = settings.VAR_DIR / "demo-credentials.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username=DEMO_USERNAME).first()
        if user is not None and credentials.is_file():
            return DEMO_USERNAME, credentials.read_text().strip()
        password = secrets.token_urlsafe(12)
        if user is None:
            user = user_model(username=DEMO_USERNAME, email="demo@example.invalid")
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text(password + "\n")
        credentials.chmod(0o600)
        return DEMO_USERNAME, password
