"""The compliance check run before a policy version is published.

A pure function of the snapshot (policies.snapshot): every finding says what is wrong, where,
and which article it rests on. Errors block publishing unless an editor records a reason to
override; warnings are shown.
"""

import re
from dataclasses import asdict, dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django_countries import countries

from .choices import DataKind, LegalBasis, TransferSafeguard

# GDPR Art. 12(3): one month; the longest month has 31 days.
STATUTORY_RESPONSE_DAYS = 31

# Free text that presents mere use of the site as consent (GDPR Arts 4(11), 7: consent is a
# clear affirmative act, not continued browsing).
USE_AS_CONSENT = re.compile(
    r"(като\s+(из)?ползвате|с\s+(из)?ползването\s+на|продължавайки\s+да\s+(из)?ползвате)"
    r"[^.]{0,80}(сайт|уебсайт|страниц|услуг)[^.]{0,80}(съглас|приема)"
    r"|by\s+(using|continuing\s+to\s+use|browsing)[^.]{0,80}(site|website|service)"
    r"[^.]{0,80}(agree|consent|accept)",
    re.IGNORECASE,
)
# Free text saying the policy may change without users being told (GDPR Arts 12(1), 13).
SILENT_CHANGES = re.compile(
    r"без\s+(предварително\s+)?(уведом|предизвест|известява)"
    r"|without\s+(prior\s+|further\s+)?(notice|notification|informing)",
    re.IGNORECASE,
)
CONSENT_WITHDRAWAL = re.compile(r"оттегл|withdraw", re.IGNORECASE)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str
    where: str
    article: str

    def as_dict(self) -> dict:
        return {**asdict(self), "severity": str(self.severity)}


def check_policy(snapshot: dict) -> list[Finding]:
    """All findings for a version built from `snapshot`, errors first."""
    findings: list[Finding] = []
    add = findings.append
    sections = snapshot.get("sections", [])
    free_text = "\n".join(f"{s['title']}\n{s['body']}" for s in sections)
    rules = {rule["id"]: rule for rule in snapshot["retention_rules"]}

    for purpose in snapshot["purposes"]:
        where = _("Purpose “%(name)s”") % {"name": purpose["name"]}
        bases = {b["basis"]: b for b in purpose["legal_bases"]}
        if not bases:
            add(
                Finding(
                    Severity.ERROR,
                    "no_legal_basis",
                    _("The purpose has no legal basis."),
                    where,
                    _("GDPR Art. 6(1)"),
                )
            )
        special = [c for c in purpose["data_categories"] if c["kind"] == DataKind.SPECIAL]
        if special and not purpose["art9_condition"]:
            add(
                Finding(
                    Severity.ERROR,
                    "no_art9_condition",
                    _("Special-category data (%(data)s) is processed with no Art. 9(2) condition.")
                    % {"data": ", ".join(c["name"] for c in special)},
                    where,
                    _("GDPR Art. 9(2)"),
                )
            )
        consent = bases.get(LegalBasis.CONSENT)
        if consent and not (
            CONSENT_WITHDRAWAL.search(consent["note"]) or CONSENT_WITHDRAWAL.search(free_text)
        ):
            add(
                Finding(
                    Severity.ERROR,
                    "consent_without_withdrawal",
                    _("Consent is a basis, but nothing says how to withdraw it."),
                    where,
                    _("GDPR Arts 7(3), 13(2)(c)"),
                )
            )
        interest = bases.get(LegalBasis.LEGITIMATE_INTERESTS)
        if interest and not interest["note"].strip():
            add(
                Finding(
                    Severity.ERROR,
                    "legitimate_interest_unstated",
                    _("Legitimate interests are a basis, but the interest is not stated."),
                    where,
                    _("GDPR Art. 13(1)(d)"),
                )
            )
        for transfer in purpose["transfers"]:
            place = _("%(where)s, transfer to %(country)s") % {
                "where": where,
                "country": countries.name(transfer["country"]) or transfer["country"],
            }
            if not transfer["safeguard"]:
                add(
                    Finding(
                        Severity.ERROR,
                        "transfer_without_safeguard",
                        _("A transfer outside the EEA names no safeguard."),
                        place,
                        _("GDPR Arts 44–49"),
                    )
                )
            elif not TransferSafeguard(transfer["safeguard"]).is_valid_mechanism:
                add(
                    Finding(
                        Severity.ERROR,
                        "transfer_invalid_mechanism",
                        _(
                            "The transfer relies on the EU–US Privacy Shield, which the Court "
                            "of Justice invalidated on 16 July 2020."
                        ),
                        place,
                        _("GDPR Art. 45; CJEU C‑311/18 (Schrems II)"),
                    )
                )
        if purpose["retention_rule"] is None:
            add(
                Finding(
                    Severity.WARNING,
                    "purpose_without_retention",
                    _("No retention rule says how long this purpose's data is kept."),
                    where,
                    _("GDPR Art. 13(2)(a)"),
                )
            )

    for rule in rules.values():
        if not any((rule["years"], rule["months"], rule["days"])) and not rule["criterion"].strip():
            add(
                Finding(
                    Severity.ERROR,
                    "retention_without_period",
                    _("The retention rule has neither a period nor a criterion."),
                    _("Retention rule “%(name)s”") % {"name": rule["name"]},
                    _("GDPR Art. 13(2)(a)"),
                )
            )

    controller = snapshot["controller"]
    dpo = snapshot["dpo"]
    if not (dpo and (dpo["email"] or dpo["phone"] or dpo["postal_address"])) and not (
        controller["email"] or controller["phone"]
    ):
        add(
            Finding(
                Severity.ERROR,
                "no_contact_for_requests",
                _("Neither a DPO nor the controller gives a contact for requests."),
                _("Controller"),
                _("GDPR Art. 13(1)(a)–(b)"),
            )
        )
    else:
        findings.extend(_missing_contacts(controller, dpo))
    if snapshot["authority"] is None:
        add(
            Finding(
                Severity.ERROR,
                "no_supervisory_authority",
                _("No supervisory authority is named for complaints."),
                _("Controller"),
                _("GDPR Arts 13(2)(d), 77"),
            )
        )
    promised = controller["promised_response_days"]
    if promised and promised > STATUTORY_RESPONSE_DAYS:
        add(
            Finding(
                Severity.ERROR,
                "promise_exceeds_statute",
                _(
                    "The controller promises to answer within %(days)d days, longer than the "
                    "one month the GDPR allows."
                )
                % {"days": promised},
                _("Controller, promised response period"),
                _("GDPR Art. 12(3)"),
            )
        )

    for section in sections:
        where = _("Section “%(title)s”") % {"title": section["title"]}
        text = f"{section['title']}\n{section['body']}"
        if USE_AS_CONSENT.search(text):
            add(
                Finding(
                    Severity.ERROR,
                    "use_as_consent",
                    _("The text presents use of the site as consent."),
                    where,
                    _("GDPR Arts 4(11), 7"),
                )
            )
        if SILENT_CHANGES.search(text):
            add(
                Finding(
                    Severity.WARNING,
                    "silent_changes",
                    _("The text says the policy may change without informing users."),
                    where,
                    _("GDPR Arts 12(1), 13(3)"),
                )
            )

    return sorted(findings, key=lambda f: f.severity != Severity.ERROR)


def _missing_contacts(controller: dict, dpo: dict | None) -> list[Finding]:
    """Contacts the register leaves empty because the controller does not publish them: staff
    are told, the public pages show nothing in their place, and nothing is ever invented."""
    found = []
    if not controller["email"]:
        found.append(
            Finding(
                Severity.WARNING,
                "controller_without_email",
                _("The controller publishes no email address."),
                _("Controller"),
                _("GDPR Art. 13(1)(a)"),
            )
        )
    if dpo is not None and not (dpo["email"] or dpo["phone"] or dpo["postal_address"]):
        found.append(
            Finding(
                Severity.WARNING,
                "dpo_without_contact",
                _("The data protection officer has no contact details."),
                _("Data protection officer"),
                _("GDPR Arts 13(1)(b), 37(7)"),
            )
        )
    elif dpo is not None and not dpo["email"]:
        found.append(
            Finding(
                Severity.WARNING,
                "dpo_without_email",
                _("The data protection officer has no email address."),
                _("Data protection officer"),
                _("GDPR Arts 13(1)(b), 37(7)"),
            )
        )
    return found


def has_errors(findings: list[Finding] | list[dict]) -> bool:
    return any(
        (f.severity if isinstance(f, Finding) else f["severity"]) == Severity.ERROR
        for f in findings
    )
