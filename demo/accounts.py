"""The demo's two staff accounts, their memberships and their second factors."""

import base64
import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from controllers.models import Controller, Membership

DEMO_USERNAME = "demo"
VIEWER_USERNAME = "viewer"
VIEWER_CONTROLLER = "plovdiv"


def demo_accounts(slugs: list[str]) -> dict[str, str]:
    """Create the accounts (or keep them) and their memberships; their passwords by username."""
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
    for controller in Controller.objects.filter(slug__in=slugs):
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


def second_factor(username: str) -> tuple[str, list[str]]:
    """Every staff account needs a second factor: the demo accounts get a TOTP device and a
    supply of recovery codes, topped up to five on every run."""
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
