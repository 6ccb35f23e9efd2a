"""Stores a register document: every row validated as the admin validates it, all or nothing."""

import enum
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from controllers.models import Controller, DataProtectionOfficer, Recipient, SupervisoryAuthority
from gdpr_portal import clock
from retention.models import RetentionRule

from ..models import (
    Cookie,
    PersonalDataCategory,
    PolicySection,
    PolicyVersion,
    ProcessingPurpose,
    PurposeLegalBasis,
    Transfer,
)
from ..services import policy_get_or_create, policy_import_original, policy_version_create_draft
from . import spec
from .errors import Problems, RegisterInvalid
from .reading import Item, Plan, read_document
from .text import load


class Existing(enum.Enum):
    """What to do when the document's controller (its slug) is already on the portal."""

    REFUSE = "refuse"  # the import fails and nothing changes
    SKIP = "skip"  # the controller is left as it is, staff edits included (the demo)


def register_import(
    *,
    text: str,
    source: str,
    existing: Existing = Existing.REFUSE,
    base_dir: Path | None = None,
) -> tuple[Controller, bool]:
    """Create the controller of the document with its whole register, its original policy as
    published version 1, and its policy text as a draft; True when created. Raises
    RegisterInvalid, naming every problem, and stores nothing. Files the document names are
    read from `base_dir` (the document's folder)."""
    problems = Problems()
    plan = read_document(load(text, source), problems, base_dir)
    if problems or plan is None:
        raise RegisterInvalid(source, problems.items)
    present = Controller.objects.filter(slug=plan.controller["slug"]).first()
    if present is not None:
        if existing is Existing.SKIP:
            return present, False
        raise RegisterInvalid.single(
            source,
            "controller.slug",
            _("A controller with this address is already on the portal; nothing was changed."),
        )
    with transaction.atomic():
        controller = _write(plan, problems)
        if problems:
            raise RegisterInvalid(source, problems.items)  # rolls the whole file back
    return controller, True


def _valid(obj, path: str, fields, problems: Problems, *, exclude=()) -> bool:
    """full_clean() as the admin runs it; its errors are recorded at their paths."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        for attr, messages in error.message_dict.items():
            key = "" if attr == NON_FIELD_ERRORS else spec.key_of(fields, attr)
            label = spec.label_of(type(obj), fields, key) if key else ""
            for message in messages:
                problems.add(f"{path}.{key}" if key else path, message, label)
        return False
    return True


def _saved(obj, path: str, fields, problems: Problems):
    """The row, saved when valid; None when not."""
    if not _valid(obj, path, fields, problems):
        return None
    obj.save()
    return obj


def _authority(values: dict | None, problems: Problems) -> SupervisoryAuthority | None:
    """Authorities are shared by controllers: one with the same email is used as it is."""
    if values is None:
        return None
    found = SupervisoryAuthority.objects.filter(email=values["email"]).order_by("pk").first()
    if found is not None and values["email"]:
        return found
    return _saved(SupervisoryAuthority(**values), "supervisory_authority", spec.AUTHORITY, problems)


def _write(plan: Plan, problems: Problems) -> Controller | None:
    controller = _saved(
        Controller(**plan.controller, supervisory_authority=_authority(plan.authority, problems)),
        "controller",
        spec.CONTROLLER,
        problems,
    )
    if controller is None:
        return None
    if plan.dpo is not None:
        _saved(DataProtectionOfficer(controller=controller, **plan.dpo), "dpo", spec.DPO, problems)
    recipients = {
        item.key: row
        for item in plan.recipients
        if (
            row := _saved(
                Recipient(controller=controller, **item.values), item.path, spec.RECIPIENT, problems
            )
        )
    }
    rules = {}
    for position, item in enumerate(plan.rules):
        rule = RetentionRule(controller=controller, position=position, **item.values)
        if _saved(rule, item.path, spec.RETENTION_RULE, problems):
            rules[item.key] = rule
    for position, item in enumerate(plan.purposes):
        _purpose(controller, position, item, recipients, rules, problems)
    for position, item in enumerate(plan.cookies):
        cookie = Cookie(controller=controller, position=position, **item.values)
        _saved(cookie, item.path, spec.COOKIE, problems)
    if plan.original is not None and not problems:
        _original(controller, plan.original, problems)
    if plan.policy is not None:
        _policy(controller, plan.policy, problems)
    return controller


def _purpose(controller, position: int, item: Item, recipients, rules, problems) -> None:
    purpose = ProcessingPurpose(
        controller=controller,
        position=position,
        retention_rule=rules.get(item.links["retention_rule"]),
        **item.values,
    )
    if not _saved(purpose, item.path, spec.PURPOSE, problems):
        return
    purpose.recipients.set(
        [recipients[key] for key in item.links["recipients"] if key in recipients]
    )
    for child in item.children["data_categories"]:
        row = PersonalDataCategory(purpose=purpose, **child.values)
        _saved(row, child.path, spec.DATA_CATEGORY, problems)
    for child in item.children["legal_bases"]:
        _saved(
            PurposeLegalBasis(purpose=purpose, **child.values),
            child.path,
            spec.LEGAL_BASIS,
            problems,
        )
    for child in item.children["transfers"]:
        recipient = recipients.get(child.links["recipient"])
        row = Transfer(purpose=purpose, recipient=recipient, **child.values)
        _saved(row, child.path, spec.TRANSFER, problems)


def _policy(controller: Controller, item: Item, problems: Problems) -> None:
    """The policy's text becomes draft version 1, for staff to check and publish."""
    values = {
        **item.values,
        "effective_date": item.values["effective_date"] or clock.today(),
    }
    version = PolicyVersion(number=1, language=controller.default_language, **values)
    checked = _valid(version, item.path, spec.POLICY, problems, exclude=["policy"])
    sections = [
        {key: child.values[key] for key in ("topic", "title", "body")}
        for child in item.children["sections"]
        if _valid(
            PolicySection(**child.values), child.path, spec.SECTION, problems, exclude=["version"]
        )
    ]
    if checked and not problems:
        policy_version_create_draft(
            policy=policy_get_or_create(controller=controller),
            author=None,
            language=controller.default_language,
            sections=sections,
            **values,
        )


def _original(controller: Controller, item: Item, problems: Problems) -> None:
    """The controller's own text, published as it published it (before the generated draft,
    so that it is version 1)."""
    values = item.values
    try:
        policy_import_original(
            controller=controller,
            text=values["text"],
            format=values["format"],
            language=controller.default_language,
            stated_date=values["stated_date"],
            precision=values["precision"],
            actor=None,
            title=values["title"],
            change_summary=values["change_summary"],
        )
    except ValidationError as error:
        for message in error.messages:
            problems.add(item.path, message)
