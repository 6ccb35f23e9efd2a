"""Reads a document into a plan of rows, checking its shape and its links; nothing is stored
here, so every problem of a file is found in one pass."""

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from ..choices import SourceFormat
from ..stated_dates import BadStatedDate, parse_stated_date
from . import spec
from .errors import Problems, not_a_mapping

TOP = {
    "format_version",
    "controller",
    "supervisory_authority",
    "dpo",
    "recipients",
    "retention_rules",
    "purposes",
    "cookies",
    "policy",
    "original_policy",
}


@dataclass
class Item:
    path: str
    values: dict
    key: str = ""
    links: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)


@dataclass
class Plan:
    controller: dict
    authority: dict | None = None
    dpo: dict | None = None
    recipients: list[Item] = field(default_factory=list)
    rules: list[Item] = field(default_factory=list)
    purposes: list[Item] = field(default_factory=list)
    cookies: list[Item] = field(default_factory=list)
    policy: Item | None = None
    original: Item | None = None


def read_document(document, problems: Problems, base_dir: Path | None = None) -> Plan | None:
    """The plan of rows of `document`; `base_dir` is the folder that files it names (the
    original policy's text) are read from."""
    if not isinstance(document, dict):
        problems.add("", not_a_mapping())
        return None
    for key in document:
        if key not in TOP:
            problems.add(str(key), _("Unknown field."))
    if document.get("format_version") != spec.FORMAT_VERSION:
        problems.add(
            "format_version",
            _("This portal reads format version %(version)s.") % {"version": spec.FORMAT_VERSION},
        )
    controller = spec.read_fields(
        document.get("controller"), spec.CONTROLLER, "controller", problems
    )
    plan = Plan(controller=controller or {})
    if document.get("supervisory_authority") is not None:
        plan.authority = spec.read_fields(
            document["supervisory_authority"], spec.AUTHORITY, "supervisory_authority", problems
        )
    if document.get("dpo") is not None:
        plan.dpo = spec.read_fields(document["dpo"], spec.DPO, "dpo", problems)
    plan.recipients = _keyed(document, "recipients", spec.RECIPIENT, problems)
    plan.rules = _keyed(document, "retention_rules", spec.RETENTION_RULE, problems)
    recipient_keys = {item.key for item in plan.recipients}
    rule_keys = {item.key for item in plan.rules}
    for path, data in _items(document, "purposes", "purposes", problems):
        plan.purposes.append(_purpose(data, path, recipient_keys, rule_keys, problems))
    plan.cookies = [
        Item(path, values)
        for path, data in _items(document, "cookies", "cookies", problems)
        if (values := spec.read_fields(data, spec.COOKIE, path, problems)) is not None
    ]
    if document.get("policy") is not None:
        plan.policy = _policy(document["policy"], problems)
    if document.get("original_policy") is not None:
        plan.original = _original(document["original_policy"], problems, base_dir)
    return plan


def _items(data, key: str, path: str, problems: Problems):
    """(path, item) for each item of the list under `key`; a missing list is an empty one."""
    items = data.get(key) if isinstance(data, dict) else None
    if items is None:
        return []
    if not isinstance(items, list):
        problems.add(path, _("Expected a list."))
        return []
    return [(f"{path}[{index}]", item) for index, item in enumerate(items)]


def _keyed(document, name: str, fields, problems: Problems) -> list[Item]:
    out, seen = [], set()
    for path, data in _items(document, name, name, problems):
        values = spec.read_fields(data, fields, path, problems, also=("key",))
        if values is None:
            continue
        key = data.get("key")
        if not isinstance(key, str) or not key.strip():
            problems.add(f"{path}.key", _("Give each item a key that purposes can refer to."))
        elif key in seen:
            problems.add(f"{path}.key", _("This key is already used above."))
        seen.add(key)
        out.append(Item(path, values, key=key if isinstance(key, str) else ""))
    return out


def _link(value, known: set[str], path: str, problems: Problems, message: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in known:
        problems.add(path, message)
        return None
    return value


def _purpose(data, path: str, recipients: set, rules: set, problems: Problems) -> Item:
    also = ("data_categories", "legal_bases", "recipients", "transfers", "retention_rule")
    values = spec.read_fields(data, spec.PURPOSE, path, problems, also=also) or {}
    item = Item(path, values)
    if not isinstance(data, dict):
        return item
    no_recipient = _("No recipient has this key.")
    item.links["retention_rule"] = _link(
        data.get("retention_rule"),
        rules,
        f"{path}.retention_rule",
        problems,
        _("No retention rule has this key."),
    )
    item.links["recipients"] = [
        key
        for at, value in _items(data, "recipients", f"{path}.recipients", problems)
        if (key := _link(value, recipients, at, problems, no_recipient))
    ]
    for name, fields in (
        ("data_categories", spec.DATA_CATEGORY),
        ("legal_bases", spec.LEGAL_BASIS),
    ):
        item.children[name] = [
            Item(at, read)
            for at, child in _items(data, name, f"{path}.{name}", problems)
            if (read := spec.read_fields(child, fields, at, problems)) is not None
        ]
    item.children["transfers"] = []
    for at, child in _items(data, "transfers", f"{path}.transfers", problems):
        values = spec.read_fields(child, spec.TRANSFER, at, problems, also=("recipient",))
        if values is not None:
            link = _link(
                child.get("recipient"), recipients, f"{at}.recipient", problems, no_recipient
            )
            item.children["transfers"].append(Item(at, values, links={"recipient": link}))
    return item


def _policy(data, problems: Problems) -> Item | None:
    values = spec.read_fields(data, spec.POLICY, "policy", problems, also=("sections",))
    if values is None:
        return None
    sections = [
        Item(at, read)
        for at, section in _items(data, "sections", "policy.sections", problems)
        if (read := spec.read_fields(section, spec.SECTION, at, problems)) is not None
    ]
    return Item("policy", values, children={"sections": sections})


def _original(data, problems: Problems, base_dir: Path | None) -> Item | None:
    """The controller's own text, inline or from a file next to the document, and the date it
    states (2022-06-13, 2022-08, 2019 or none)."""
    path = "original_policy"
    raw_date = data.get("stated_date") if isinstance(data, dict) else None
    if isinstance(data, dict):
        data = {**data, "stated_date": None}  # read below: a date, a month or a year
    values = spec.read_fields(data, spec.ORIGINAL_POLICY, path, problems)
    if values is None:
        return None
    values["precision"] = "none"
    try:
        values["stated_date"], values["precision"] = parse_stated_date(raw_date)
    except BadStatedDate as error:
        problems.add(f"{path}.stated_date", str(error))
    if values["format"] not in SourceFormat.values:
        problems.add(f"{path}.format", _("Expected text, markdown or html."))
    if bool(values["file"]) == bool(values["text"]):
        problems.add(path, _("Give the policy either as text or as a file, not both."))
    elif values["file"]:
        values["text"] = _read_file(values["file"], f"{path}.file", problems, base_dir)
    return Item(path, values)


def _read_file(name: str, path: str, problems: Problems, base_dir: Path | None) -> str:
    if base_dir is None:
        problems.add(path, _("A file can be named only when the register is read from a file."))
        return ""
    try:
        return (base_dir / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        problems.add(path, _("This file cannot be read as UTF-8 text."))
        return ""
