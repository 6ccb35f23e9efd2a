"""A controller's register as a document: the same rows always give the same bytes."""

from controllers.models import Controller

from ..choices import DatePrecision, SourceFormat, VersionOrigin
from ..models import Policy, PolicyVersion
from . import spec
from .text import dump, make_key


def register_export(*, controller: Controller) -> str:
    return dump(register_document(controller=controller))


def register_document(*, controller: Controller) -> dict:
    document = {"format_version": spec.FORMAT_VERSION}
    document["controller"] = spec.write_fields(controller, spec.CONTROLLER)
    authority = controller.supervisory_authority
    if authority is not None:
        document["supervisory_authority"] = spec.write_fields(authority, spec.AUTHORITY)
    dpo = getattr(controller, "dpo", None)
    if dpo is not None:
        document["dpo"] = spec.write_fields(dpo, spec.DPO)

    taken: set[str] = set()
    recipient_keys = {}
    recipients = []
    for recipient in controller.recipients.order_by("name", "pk"):
        recipient_keys[recipient.pk] = key = make_key(recipient.name, taken)
        recipients.append({"key": key, **spec.write_fields(recipient, spec.RECIPIENT)})
    rule_keys = {}
    rules = []
    for rule in controller.retention_rules.order_by("position", "pk"):
        rule_keys[rule.pk] = key = make_key(rule.name, taken)
        rules.append({"key": key, **spec.write_fields(rule, spec.RETENTION_RULE)})
    document["recipients"] = recipients
    document["retention_rules"] = rules
    document["purposes"] = [
        _purpose(purpose, recipient_keys, rule_keys)
        for purpose in controller.purposes.order_by("position", "pk").prefetch_related(
            "recipients", "data_categories", "legal_bases", "transfers"
        )
    ]
    document["cookies"] = [
        spec.write_fields(cookie, spec.COOKIE)
        for cookie in controller.cookies.order_by("position", "pk")
    ]
    original = _original(controller)
    if original is not None:
        document["original_policy"] = original
    policy = _policy(controller)
    if policy is not None:
        document["policy"] = policy
    return {key: value for key, value in document.items() if value != []}


def _purpose(purpose, recipient_keys: dict, rule_keys: dict) -> dict:
    out = spec.write_fields(purpose, spec.PURPOSE)
    # The reading order of the admin: categories and bases next to the name.
    categories = [spec.write_fields(c, spec.DATA_CATEGORY) for c in purpose.data_categories.all()]
    bases = [spec.write_fields(b, spec.LEGAL_BASIS) for b in purpose.legal_bases.all()]
    linked = sorted(purpose.recipients.all(), key=lambda r: (r.name, r.pk))
    transfers = []
    for transfer in purpose.transfers.all():
        item = spec.write_fields(transfer, spec.TRANSFER)
        if transfer.recipient_id:
            item["recipient"] = recipient_keys[transfer.recipient_id]
        transfers.append(item)
    extra = {
        "data_categories": categories,
        "legal_bases": bases,
        "recipients": [recipient_keys[r.pk] for r in linked],
        "transfers": transfers,
        "retention_rule": rule_keys.get(purpose.retention_rule_id),
    }
    out.update({key: value for key, value in extra.items() if value not in ([], None)})
    return out


def _versions(controller: Controller, origin: str):
    return PolicyVersion.objects.filter(
        policy__controller=controller,
        policy__kind=Policy.Kind.PRIVACY,
        language=controller.default_language,
        origin=origin,
    )


def _original(controller: Controller) -> dict | None:
    """The first text the controller published itself, inline, with the date as it stated it."""
    version = _versions(controller, VersionOrigin.IMPORTED).order_by("number").first()
    if version is None:
        return None
    out = {"text": version.original_text}
    if version.original_format != SourceFormat.TEXT:
        out["format"] = version.original_format
    out["title"] = version.title
    stated, precision = version.stated_date, version.stated_date_precision
    if precision == DatePrecision.DAY:
        out["stated_date"] = stated
    elif precision == DatePrecision.MONTH:
        out["stated_date"] = f"{stated:%Y-%m}"
    elif precision == DatePrecision.YEAR:
        out["stated_date"] = f"{stated:%Y}"
    if version.change_summary:
        out["change_summary"] = version.change_summary
    return out


def _policy(controller: Controller) -> dict | None:
    """The text of the newest version of the privacy policy in the controller's language that
    the portal generated (the controller's own imported text is `original_policy`)."""
    version = _versions(controller, VersionOrigin.GENERATED).order_by("-number").first()
    if version is None:
        return None
    out = spec.write_fields(version, spec.POLICY)
    out["sections"] = [spec.write_fields(s, spec.SECTION) for s in version.sections.all()]
    return out
