"""Loads the demo: the five seed controllers and the operator from demo/registers/*.yaml through
the register importer, each seed's own policy text as version 1 (as the controller published it),
the version generated from its register, two staff accounts, and requests in every state
(demo/requests.py).

Safe to run again: controllers already present are left as they are, and the accounts keep the
passwords first printed.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from demo.accounts import (
    DEMO_USERNAME,
    VIEWER_CONTROLLER,
    VIEWER_USERNAME,
    demo_accounts,
    second_factor,
)
from demo.loading import OPERATOR, SEEDS, load_register, publish_demo_policy
from demo.requests import load_demo_requests


class Command(BaseCommand):
    help = "Load the five seed controllers and create the demo staff accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=None,
            help="The address the portal is served on, for the sign-in hint (default: SITE_URL).",
        )

    def handle(self, *args, **options) -> None:
        slugs = [*SEEDS, OPERATOR]
        with transaction.atomic():
            controllers = []
            for slug in slugs:
                controller, created = load_register(slug)
                controllers.append(controller)
                if options["verbosity"] >= 1:
                    state = "loaded" if created else "already present"
                    self.stdout.write(f"{controller.legal_name}: {state}")
            passwords = demo_accounts(slugs)
        # Each policy is published in its own transaction: the PDF is rendered outside it.
        demo = get_user_model().objects.get(username=DEMO_USERNAME)
        for controller in controllers:
            if publish_demo_policy(controller, demo) and options["verbosity"] >= 1:
                self.stdout.write(f"{controller.legal_name}: generated policy version published")
        with transaction.atomic():
            made = load_demo_requests(demo)
        if options["verbosity"] >= 1:
            self.stdout.write(f"Demo requests: {len(made)} added")
        url = f"{(options['site_url'] or settings.SITE_URL).rstrip('/')}/admin/"
        lines = [
            f"Demo staff accounts (sign in at {url}; the second factor is a recovery code "
            "below, or the authenticator key):",
        ]
        for username, role in (
            (DEMO_USERNAME, "DPO and editor of all five controllers and the operator"),
            (VIEWER_USERNAME, f"viewer of {VIEWER_CONTROLLER} only"),
        ):
            key, codes = second_factor(username)
            lines += [
                f"  {username} / {passwords[username]}  ({role})",
                f"    recovery codes (single use): {' '.join(codes)}",
                f"    authenticator key (TOTP, base32): {key}",
            ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
