"""Loads the demo's register files: each seed's own policy text (demo/originals/) becomes version 1,
as the controller published it, and the version generated from the register is published as
version 2 when the compliance check finds no error (errors block: that version stays a draft
showing its findings, and the original stays in force)."""

from pathlib import Path

from controllers.models import Controller
from policies.choices import VersionOrigin
from policies.compliance import has_errors
from policies.models import PolicyVersion
from policies.register_io import Existing, register_import
from policies.services import policy_publish, policy_version_check

REGISTERS = Path(__file__).resolve().parent / "registers"

# The five seed policies (shared/seeds/), then the portal's own operator.
SEEDS = ["plovdiv", "dkc2-plovdiv", "cpz-sofia", "medipro", "bezgloba"]
OPERATOR = "portal"

DEMO_WARNINGS_REASON = (
    "Демонстрационни данни: предупрежденията са приети, за да се виждат в портала."
)


def register_path(slug: str) -> Path:
    return REGISTERS / f"{slug}.yaml"


def load_register(slug: str) -> tuple[Controller, bool]:
    """Import the demo file of `slug`; a controller already present is left as it is (so that
    running the demo twice changes nothing, and staff edits survive)."""
    path = register_path(slug)
    return register_import(
        text=path.read_text(encoding="utf-8"),
        source=str(path.relative_to(REGISTERS.parent.parent)),
        existing=Existing.SKIP,
        base_dir=REGISTERS,
    )


def publish_demo_policy(controller: Controller, publisher) -> bool:
    """Publish the draft generated from the register, unless a generated version is already
    public (the seed's own text, imported as version 1, is public from the start) or the
    compliance check finds errors in it; True when it published."""
    versions = PolicyVersion.objects.filter(policy__controller=controller)
    if versions.public().filter(origin=VersionOrigin.GENERATED).exists():
        return False
    draft = versions.filter(status=PolicyVersion.Status.DRAFT).order_by("number").first()
    if draft is None:
        return False
    if has_errors(policy_version_check(version=draft)):
        return False
    policy_publish(version=draft, publisher=publisher, warnings_reason=DEMO_WARNINGS_REASON)
    return True
