"""The compliance check run before a policy version is published, and on the controllers'
imported texts.

It reads the register (codes: legal bases, conditions, transfers, retention, contacts) and the
words of the policy (the editors' sections, the register's texts printed in the policy, and an
imported original's text), and quotes what it flags. Errors block publishing: there is no
override. Warnings may be accepted with a reason recorded on the version.
"""

from django.utils.translation import gettext as _
from django_countries import countries

from ..choices import LegalBasis
from .findings import Finding, Severity, counts, has_errors
from .register import check_register
from .text import Context, check_passages, original_passages

__all__ = [
    "Finding",
    "Severity",
    "check_original",
    "check_policy",
    "counts",
    "has_errors",
]

NECESSARY = "necessary"
# Text findings a register finding on the same transfer already reports.
_TRANSFER_TEXT_RULES = {"privacy_shield_claimed", "equivalence_claimed"}


def _context(snapshot: dict) -> Context:
    purposes = snapshot.get("purposes", [])
    bases = {b["basis"] for p in purposes for b in p.get("legal_bases", [])}
    return Context(
        objection_applies=not purposes
        or bool(bases & {LegalBasis.PUBLIC_TASK, LegalBasis.LEGITIMATE_INTERESTS}),
        non_necessary_cookies=[
            c["name"] for c in snapshot.get("cookies", []) if c["category"] != NECESSARY
        ],
        has_period=any(
            r.get("years") or r.get("months") or r.get("days")
            for r in snapshot.get("retention_rules", [])
        ),
    )


def _register_passages(snapshot: dict) -> list[tuple[str, str]]:
    """The register's own words that the policy prints, each under the place it belongs to."""
    out = []
    for purpose in snapshot.get("purposes", []):
        where = _("Purpose “%(name)s”") % {"name": purpose["name"]}
        texts = [purpose.get("description", ""), purpose.get("art9_note", "")]
        texts += [b.get("note", "") for b in purpose.get("legal_bases", [])]
        out += [(where, t) for t in texts if t]
        for transfer in purpose.get("transfers", []):
            place = _("%(where)s, transfer to %(country)s") % {
                "where": where,
                "country": countries.name(transfer["country"]) or transfer["country"],
            }
            if transfer.get("note"):
                out.append((place, transfer["note"]))
    for rule in snapshot.get("retention_rules", []):
        where = _("Retention rule “%(name)s”") % {"name": rule["name"]}
        for text in (rule.get("notes", ""), rule.get("start_event_note", "")):
            if text:
                out.append((where, text))
    return out


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.severity != Severity.ERROR)


def check_policy(snapshot: dict) -> list[Finding]:
    """All findings for a version built from `snapshot`, errors first."""
    register = check_register(snapshot)
    passages = _register_passages(snapshot) + [
        (_("Section “%(title)s”") % {"title": s["title"]}, f"{s['title']}\n{s['body']}")
        for s in snapshot.get("sections", [])
    ]
    flagged = {f.section for f in register if f.rule == "transfer_invalid_mechanism"}
    text = [
        f
        for f in check_passages(passages, _context(snapshot))
        if not (f.rule in _TRANSFER_TEXT_RULES and f.section in flagged)
    ]
    return _sorted(register + text)


def check_original(text: str, snapshot: dict) -> list[Finding]:
    """Findings on the words of a controller's own imported text (the register tells which
    rights apply and which cookies it sets), errors first."""
    passages = original_passages(text, _("Text as published by the controller"))
    return _sorted(check_passages(passages, _context(snapshot)))
