"""Loads the demo: the five seed controllers with their registers, and two staff accounts.

Safe to run again: controllers already present are left as they are, and the accounts keep the
passwords first printed.
"""

import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from controllers.demo import OPERATOR, SEEDS
from controllers.demo.loader import load_controller, publish_demo_policy
from controllers.models import Controller, Membership

DEMO_USERNAME = "demo"
VIEWER_USERNAME = "viewer"
VIEWER_CONTROLLER = "plovdiv"


class Command(BaseCommand):
    help = "Load the five seed controllers and create the demo staff accounts."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for seed in [*SEEDS, OPERATOR]:
                controller, created = load_controller(seed.CONTROLLER)
                if options["verbosity"] >= 1:
                    state = "loaded" if created else "already present"
                    self.stdout.write(f"{controller.legal_name}: {state}")
            passwords = self._accounts()
        # Each policy is published in its own transaction: the PDF is rendered outside it.
        demo = get_user_model().objects.get(username=DEMO_USERNAME)
        for seed in [*SEEDS, OPERATOR]:
            controller = Controller.objects.get(slug=seed.CONTROLLER["slug"])
            if publish_demo_policy(controller, seed.CONTROLLER, demo) and options["verbosity"] >= 1:
                self.stdout.write(f"{controller.legal_name}: policy version 1 published")
        url = f"{settings.SITE_URL}/admin/"
        lines = [
            f"Demo staff accounts (sign in at {url}; the second factor is a recovery code "
            "below, or the authenticator key):",
        ]
        for username, role in (
            (DEMO_USERNAME, "DPO and editor of all five controllers and the operator"),
            (VIEWER_USERNAME, f"viewer of {VIEWER_CONTROLLER} only"),
        ):
            key, codes = self._second_factor(username)
            lines += [
                f"  {username} / {passwords[username]}  ({role})",
                f"    recovery codes (single use): {' '.join(codes)}",
                f"    authenticator key (TOTP, base32): {key}",
            ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))

    def _second_factor(self, username: str) -> tuple[str, list[str]]:
        """Every staff account needs a second factor: the demo accounts get a TOTP device and
        a supply of recovery codes, topped up to five on every run."""
        import base64

        from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = get_user_model().objects.get(username=username)
        totp, _created = TOTPDevice.objects.get_or_create(
            user=user, name="default", defaults={"confirmed": True}
        )
        static, _created = StaticDevice.objects.get_or_create(
            user=user, name="backup", defaults={"confirmed": True}
        )
        while static.token_set.count() < 5:
            static.token_set.create(token=StaticToken.random_token())
        key = base64.b32encode(totp.bin_key).decode()
        return key, list(static.token_set.values_list("token", flat=True))

    def _accounts(self) -> dict[str, str]:
        # Passwords are kept beside the SQLite file (git ignores var/) so later runs print the
        # same ones; they are generated, never a default anyone could guess.
        path = settings.VAR_DIR / "demo-credentials.json"
        known = json.loads(path.read_text()) if path.is_file() else {}
        user_model = get_user_model()
        passwords = {}
        for username in (DEMO_USERNAME, VIEWER_USERNAME):
            user = user_model.objects.filter(username=username).first()
            if user is None or username not in known:
                password = secrets.token_urlsafe(12)
                user = user or user_model(username=username, email=f"{username}@example.invalid")
                user.is_staff = True
                user.set_password(password)
                user.save()
                known[username] = password
            passwords[username] = known[username]

        demo = user_model.objects.get(username=DEMO_USERNAME)
        seeds = [*SEEDS, OPERATOR]
        for controller in Controller.objects.filter(slug__in=[s.CONTROLLER["slug"] for s in seeds]):
            for role in (Membership.Role.DPO, Membership.Role.EDITOR):
                Membership.objects.get_or_create(user=demo, controller=controller, role=role)
        viewer = user_model.objects.get(username=VIEWER_USERNAME)
        viewer_controller = Controller.objects.filter(slug=VIEWER_CONTROLLER).first()
        if viewer_controller is not None:
            Membership.objects.get_or_create(
                user=viewer, controller=viewer_controller, role=Membership.Role.VIEWER
            )

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known, indent=1))
        path.chmod(0o600)
        return passwords
