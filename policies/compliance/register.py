"""Rules over the register's codes: legal bases, Art. 9 conditions, transfers, retention,
contacts, the DPO of a public body. Pure functions of the snapshot (policies.snapshot)."""

import re

from django.utils.translation import gettext as _
from django_countries import countries

from ..choices import DataKind, LegalBasis, TransferSafeguard
from .contacts import check_contacts
from .findings import Finding, Severity
from .text import AS_LONG_AS_NECESSARY, CONSENT_WITHDRAWAL

# Countries with a Commission adequacy decision in force (GDPR Art. 45): Andorra, Argentina,
# Canada (commercial organisations), Switzerland, Faroe Islands, United Kingdom, Guernsey,
# Israel, Isle of Man, Jersey, Japan, Republic of Korea, New Zealand, Uruguay, and the United
# States for organisations certified under the EU–US Data Privacy Framework (10 July 2023).
ADEQUATE_COUNTRIES = frozenset(
    {"AD", "AR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "UY", "US"}
)

# Special categories an Art. 9(2)(h) or (i) condition (health care, public health) can cover.
HEALTH_DATA = re.compile(
    r"здрав|медицин|диагно|лечени|болничн|генетич|биометр|пациент|психич"
    r"|health|medical|diagnos|treatment|genetic|biometric|patient",
    re.IGNORECASE,
)
HEALTH_CONDITIONS = {"h", "i"}


def check_register(snapshot: dict) -> list[Finding]:
    findings: list[Finding] = []
    controller = snapshot["controller"]
    public_body = bool(controller.get("is_public_body"))
    for purpose in snapshot["purposes"]:
        findings.extend(_purpose(purpose, snapshot, public_body))
    for rule in snapshot["retention_rules"]:
        findings.extend(_retention(rule))
    findings.extend(check_contacts(snapshot, public_body))
    return findings


def _purpose(purpose: dict, snapshot: dict, public_body: bool) -> list[Finding]:
    out = []
    where = _("Purpose “%(name)s”") % {"name": purpose["name"]}
    bases = {b["basis"]: b for b in purpose["legal_bases"]}
    free_text = "\n".join(s["body"] for s in snapshot.get("sections", []))

    def add(severity, rule, message, article, quote="", section=where):
        out.append(Finding(severity, rule, message, section, article, quote))

    if not bases:
        add(
            Severity.ERROR,
            "no_legal_basis",
            _("The purpose has no legal basis."),
            _("GDPR Art. 6(1)"),
        )
    special = [c["name"] for c in purpose["data_categories"] if c["kind"] == DataKind.SPECIAL]
    condition = purpose.get("art9_condition", "")
    if special and not condition:
        add(
            Severity.ERROR,
            "no_art9_condition",
            _("Special-category data (%(data)s) is processed with no Art. 9(2) condition.")
            % {"data": ", ".join(special)},
            _("GDPR Art. 9(2)"),
        )
    elif condition and not special:
        add(
            Severity.WARNING,
            "art9_condition_without_special_data",
            _(
                "An Art. 9(2) condition is given, but none of the purpose's data is marked as "
                "a special category."
            ),
            _("GDPR Art. 9(1)–(2)"),
        )
    elif condition in HEALTH_CONDITIONS and not any(HEALTH_DATA.search(n) for n in special):
        add(
            Severity.ERROR,
            "art9_condition_mismatch",
            _(
                "The Art. 9(2)(%(point)s) condition covers health data, but the purpose's "
                "special-category data is %(data)s."
            )
            % {"point": condition, "data": ", ".join(special)},
            _("GDPR Art. 9(2)(h)–(i), 9(3)"),
        )
    consent = bases.get(LegalBasis.CONSENT)
    if consent and not (
        CONSENT_WITHDRAWAL.search(consent["note"]) or CONSENT_WITHDRAWAL.search(free_text)
    ):
        add(
            Severity.ERROR,
            "consent_without_withdrawal",
            _("Consent is a basis, but nothing says how to withdraw it."),
            _("GDPR Arts 7(3), 13(2)(c)"),
        )
    interest = bases.get(LegalBasis.LEGITIMATE_INTERESTS)
    if interest and not interest["note"].strip():
        add(
            Severity.ERROR,
            "legitimate_interest_unstated",
            _("Legitimate interests are a basis, but the interest is not stated."),
            _("GDPR Art. 13(1)(d)"),
        )
    if public_body:
        # GDPR Art. 6(1), last subparagraph; Art. 6(3): a public body's tasks rest on law.
        if LegalBasis.CONTRACT in bases and not bases.keys() & {"c", "e"}:
            add(
                Severity.ERROR,
                "public_body_contract_basis",
                _(
                    "A public body's tasks rest on Art. 6(1)(c) or (e), not on a contract "
                    "(Art. 6(1)(b))."
                ),
                _("GDPR Art. 6(1)(b), (c), (e); 6(3)"),
            )
        if interest:
            add(
                Severity.ERROR,
                "public_body_legitimate_interests",
                _("A public authority cannot rely on legitimate interests for its tasks."),
                _("GDPR Art. 6(1), last subparagraph"),
            )
    for transfer in purpose["transfers"]:
        out.extend(_transfer(transfer, where))
    if purpose["retention_rule"] is None:
        add(
            Severity.WARNING,
            "purpose_without_retention",
            _("No retention rule says how long this purpose's data is kept."),
            _("GDPR Art. 13(2)(a)"),
        )
    return out


def _transfer(transfer: dict, where: str) -> list[Finding]:
    code = transfer["country"]
    place = _("%(where)s, transfer to %(country)s") % {
        "where": where,
        "country": countries.name(code) or code,
    }
    safeguard = transfer["safeguard"]
    if not safeguard:
        message, rule, article = (
            _("A transfer outside the EEA names no safeguard."),
            "transfer_without_safeguard",
            _("GDPR Arts 44–49"),
        )
    elif not TransferSafeguard(safeguard).is_valid_mechanism:
        message, rule, article = (
            _(
                "The transfer relies on the EU–US Privacy Shield, which the Court of Justice "
                "invalidated on 16 July 2020."
            ),
            "transfer_invalid_mechanism",
            _("GDPR Art. 45; CJEU C‑311/18 (Schrems II)"),
        )
    elif safeguard == TransferSafeguard.ADEQUACY and code not in ADEQUATE_COUNTRIES:
        message, rule, article = (
            _("The transfer claims an adequacy decision, but %(country)s has none.")
            % {"country": countries.name(code) or code},
            "adequacy_without_decision",
            _("GDPR Art. 45(3)"),
        )
    else:
        return []
    return [Finding(Severity.ERROR, rule, message, place, article, transfer.get("note", "")[:300])]


def _retention(rule: dict) -> list[Finding]:
    where = _("Retention rule “%(name)s”") % {"name": rule["name"]}
    criterion = (rule.get("criterion") or "").strip()
    if any((rule["years"], rule["months"], rule["days"])):
        return []
    if not criterion:
        return [
            Finding(
                Severity.ERROR,
                "retention_without_period",
                _("The retention rule has neither a period nor a criterion."),
                where,
                _("GDPR Art. 13(2)(a)"),
            )
        ]
    match = AS_LONG_AS_NECESSARY.search(criterion)
    if match:
        return [
            Finding(
                Severity.ERROR,
                "retention_as_long_as_necessary",
                _(
                    "Retention is “as long as necessary” with no period and no criterion that "
                    "sets it."
                ),
                where,
                _("GDPR Art. 13(2)(a)"),
                criterion,
            )
        ]
    return []
