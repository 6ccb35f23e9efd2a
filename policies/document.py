"""The document model of a generated privacy policy: its sections in the order of GDPR Arts 13
and 14, which of them a register fills, the one response deadline, and the facts a section
needs that the register lacks.

Pure functions of the register snapshot (policies.snapshot): no ORM, no templates. The public
text prints nothing in place of a missing fact; `missing_facts` names each one so that the
compliance check can report it to staff before publishing.
"""

from dataclasses import dataclass

from controllers.response_period import LONGEST_RESPONSE_DAYS

from .choices import DataKind, LegalBasis, Topic


def anchor(topic: str) -> str:
    """The section's id on the page and in the PDF: stable whatever is numbered before it."""
    return f"policy-{topic}"


def purpose_refs(snapshot: dict) -> dict[int, str]:
    """Each purpose's number inside the purposes section (“3.2”): other sections refer to a
    purpose by it instead of repeating its name. The section number is filled in later."""
    return {p["id"]: str(i) for i, p in enumerate(snapshot["purposes"], start=1)}


def bases_of(snapshot: dict, basis: str) -> list[tuple[dict, dict]]:
    """(purpose, legal basis) pairs of one Art. 6(1) letter, in the purposes' order."""
    return [(p, b) for p in snapshot["purposes"] for b in p["legal_bases"] if b["basis"] == basis]


@dataclass(frozen=True)
class Deadline:
    """What the rights section says about the answer time: the law's month (Art. 12(3)), and
    the controller's shorter promise within it, or no promise at all."""

    promised_days: int | None


def response_deadline(controller: dict) -> Deadline:
    """One statement: a promise within one month is stated inside the legal frame; a promise
    longer than the law allows is not printed (the compliance check makes it an error)."""
    days = controller.get("promised_response_days")
    if days and days <= LONGEST_RESPONSE_DAYS:
        return Deadline(promised_days=days)
    return Deadline(promised_days=None)


def has_facts(topic: str, snapshot: dict) -> bool:
    """Whether the register gives the section anything to say (prose aside)."""
    purposes = snapshot["purposes"]
    if topic == Topic.DPO:
        return snapshot["dpo"] is not None
    if topic == Topic.PURPOSES:
        return bool(purposes)
    if topic == Topic.INTERESTS:
        return any(
            b["note"].strip() for _p, b in bases_of(snapshot, LegalBasis.LEGITIMATE_INTERESTS)
        )
    if topic == Topic.DATA:
        return any(p["data_categories"] or p["data_subjects"] for p in purposes)
    if topic == Topic.SOURCES:
        return any(p["sources"] or p["sources_note"] for p in purposes)
    if topic == Topic.RECIPIENTS:
        return bool(snapshot["recipients"])
    if topic in (Topic.TRANSFERS, Topic.AUTOMATED):
        # A register that records none states that there are none.
        return bool(purposes)
    if topic == Topic.RETENTION:
        return bool(snapshot["retention_rules"])
    if topic == Topic.CONSENT:
        return bool(bases_of(snapshot, LegalBasis.CONSENT))
    if topic == Topic.COMPLAINT:
        return snapshot["authority"] is not None
    if topic == Topic.COOKIES:
        return bool(snapshot.get("cookies"))
    # The register holds no fact on whether data must be provided: only the controller's words
    # say it. Controller, rights and changes are always said.
    return topic != Topic.REQUIREMENT


def topics_shown(snapshot: dict) -> list[str]:
    """The sections of the document, in the order of Arts 13 and 14: those the register or
    the controller's own words fill."""
    with_prose = {s["topic"] for s in snapshot.get("sections", []) if s["body"].strip()}
    return [t for t in Topic.values if t in with_prose or has_facts(t, snapshot)]


def missing_facts(snapshot: dict) -> list[dict]:
    """Facts a section needs and the register lacks, each as {topic, fact, subject}: the
    public text prints nothing in their place, the compliance check reports them."""
    missing = []

    def lacks(topic: str, fact: str, subject: str = "") -> None:
        missing.append({"topic": topic, "fact": fact, "subject": subject})

    rules = {r["id"]: r for r in snapshot["retention_rules"]}
    for p in snapshot["purposes"]:
        if not p["legal_bases"]:
            lacks(Topic.PURPOSES, "legal_basis", p["name"])  # Art. 13(1)(c)
        if (
            any(c["kind"] == DataKind.SPECIAL for c in p["data_categories"])
            and not p["art9_condition"]
        ):
            lacks(Topic.PURPOSES, "art9_condition", p["name"])  # Art. 9(2)
        for b in p["legal_bases"]:
            if b["basis"] == LegalBasis.LEGITIMATE_INTERESTS and not b["note"].strip():
                lacks(Topic.INTERESTS, "legitimate_interest", p["name"])  # Art. 13(1)(d)
        for t in p["transfers"]:
            if not t["safeguard"]:
                lacks(Topic.TRANSFERS, "safeguard", p["name"])  # Art. 13(1)(f)
        rule = rules.get(p["retention_rule"])
        if rule is None:
            lacks(Topic.RETENTION, "retention_rule", p["name"])  # Art. 13(2)(a)
    for rule in rules.values():
        if not any((rule["years"], rule["months"], rule["days"])) and not rule["criterion"].strip():
            lacks(Topic.RETENTION, "period", rule["name"])  # Art. 13(2)(a)
    if snapshot["authority"] is None:
        lacks(Topic.COMPLAINT, "supervisory_authority")  # Art. 13(2)(d)
    days = snapshot["controller"].get("promised_response_days")
    if days and days > LONGEST_RESPONSE_DAYS:
        lacks(Topic.RIGHTS, "promise_within_law")  # Art. 12(3)
    return missing
