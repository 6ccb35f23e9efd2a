"""Each compliance rule fires on a register that breaks it and stays quiet on one that doesn't."""

import copy

import pytest
from django.utils import translation

from policies.compliance import Severity, check_policy, has_errors

CLEAN = {
    "controller": {
        "legal_name": "Алфа ЕООД",
        "email": "privacy@alfa.example.org",
        "phone": "",
        "promised_response_days": 30,
    },
    "dpo": {"email": "dpo@alfa.example.org", "phone": "", "postal_address": ""},
    "authority": {"name": "Комисия за защита на личните данни"},
    "retention_rules": [
        {"id": 1, "name": "Договори", "years": 5, "months": None, "days": None, "criterion": ""}
    ],
    "purposes": [
        {
            "name": "Изпълнение на договор",
            "legal_bases": [{"basis": "b", "note": ""}],
            "data_categories": [{"name": "Имена", "kind": "ordinary"}],
            "art9_condition": "",
            "transfers": [{"country": "US", "recipient": None, "safeguard": "scc", "note": ""}],
            "retention_rule": 1,
        }
    ],
    "sections": [{"title": "Промени", "body": "Ще Ви уведомим по имейл за всяка промяна."}],
}


def codes(snapshot):
    with translation.override("en"):
        return [f.rule for f in check_policy(snapshot)]


def changed(mutate):
    snapshot = copy.deepcopy(CLEAN)
    mutate(snapshot)
    return snapshot


def test_a_clean_register_has_no_findings():
    assert codes(CLEAN) == []


def purpose(s):
    return s["purposes"][0]


CASES = [
    ("no_legal_basis", lambda s: purpose(s).update(legal_bases=[])),
    (
        "no_art9_condition",
        lambda s: purpose(s).update(data_categories=[{"name": "Диагноза", "kind": "special"}]),
    ),
    (
        "consent_without_withdrawal",
        lambda s: purpose(s).update(legal_bases=[{"basis": "a", "note": "отметка във формата"}]),
    ),
    (
        "legitimate_interest_unstated",
        lambda s: purpose(s).update(legal_bases=[{"basis": "f", "note": " "}]),
    ),
    (
        "transfer_without_safeguard",
        lambda s: purpose(s)["transfers"][0].update(safeguard=""),
    ),
    (
        "transfer_invalid_mechanism",
        lambda s: purpose(s)["transfers"][0].update(safeguard="privacy_shield"),
    ),
    (
        "retention_without_period",
        lambda s: s["retention_rules"][0].update(years=None, criterion=""),
    ),
    (
        "no_contact_for_requests",
        lambda s: (s.update(dpo=None), s["controller"].update(email="", phone="")),
    ),
    ("no_supervisory_authority", lambda s: s.update(authority=None)),
    # Contacts the controller does not publish stay empty and are flagged, never invented.
    ("controller_without_email", lambda s: s["controller"].update(email="", phone="0888 1")),
    ("dpo_without_contact", lambda s: s["dpo"].update(email="")),
    ("dpo_without_email", lambda s: s["dpo"].update(email="", phone="0888 688 632")),
    ("promise_exceeds_statute", lambda s: s["controller"].update(promised_response_days=60)),
    (
        "use_as_consent",
        lambda s: s["sections"].append(
            {
                "title": "Съгласие",
                "body": "Като използвате нашия сайт, Вие се съгласявате с нашата политика.",
            }
        ),
    ),
    (
        "use_as_consent",
        lambda s: s["sections"].append(
            {"title": "Consent", "body": "By using this website you agree to this policy."}
        ),
    ),
    (
        "silent_changes",
        lambda s: s["sections"].append(
            {
                "title": "Промени",
                "body": "Политиката може да се актуализира периодично и без предизвестие.",
            }
        ),
    ),
    (
        "silent_changes",
        lambda s: s["sections"].append(
            {"title": "Changes", "body": "We may change this policy without prior notice."}
        ),
    ),
    ("purpose_without_retention", lambda s: purpose(s).update(retention_rule=None)),
]


@pytest.mark.parametrize(("code", "mutate"), CASES, ids=[c for c, _ in CASES])
def test_rule_fires(code, mutate):
    assert codes(changed(mutate)) == [code]


@pytest.mark.parametrize(
    ("code", "mutate"),
    [
        # Consent with a stated way to withdraw it, in the basis note or anywhere in the text.
        (
            "consent_without_withdrawal",
            lambda s: purpose(s).update(
                legal_bases=[{"basis": "a", "note": "Оттегля се с имейл до privacy@alfa.bg"}]
            ),
        ),
        (
            "consent_without_withdrawal",
            lambda s: (
                purpose(s).update(legal_bases=[{"basis": "a", "note": ""}]),
                s["sections"].append(
                    {"title": "Права", "body": "Можете да оттеглите съгласието си по всяко време."}
                ),
            ),
        ),
        (
            "legitimate_interest_unstated",
            lambda s: purpose(s).update(
                legal_bases=[{"basis": "f", "note": "защита на имуществото"}]
            ),
        ),
        (
            "no_art9_condition",
            lambda s: purpose(s).update(
                data_categories=[{"name": "Диагноза", "kind": "special"}], art9_condition="h"
            ),
        ),
        (
            "retention_without_period",
            lambda s: s["retention_rules"][0].update(
                years=None, criterion="до изтичане на договора"
            ),
        ),
        ("no_contact_for_requests", lambda s: s.update(dpo=None)),
        (
            # BezGloba takes requests by post at its registered address (its Art. 37).
            "no_contact_for_requests",
            lambda s: (
                s.update(dpo=None),
                s["controller"].update(email="", registered_address="гр. София 1124"),
            ),
        ),
        ("promise_exceeds_statute", lambda s: s["controller"].update(promised_response_days=31)),
        (
            "transfer_without_safeguard",
            lambda s: purpose(s)["transfers"][0].update(safeguard="adequacy"),
        ),
        (
            "use_as_consent",
            lambda s: s["sections"].append(
                {"title": "Сайт", "body": "Като използвате сайта, можете да подадете искане."}
            ),
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_rule_does_not_fire(code, mutate):
    assert code not in codes(changed(mutate))


def test_findings_say_what_where_and_which_article():
    snapshot = changed(lambda s: purpose(s)["transfers"][0].update(safeguard="privacy_shield"))
    with translation.override("en"):
        (finding,) = check_policy(snapshot)
    assert finding.severity == Severity.ERROR
    assert "Privacy Shield" in finding.message
    assert "Изпълнение на договор" in finding.section and "United States" in finding.section
    assert "C‑311/18" in finding.article
    assert has_errors([finding])
    with translation.override("bg"):
        (finding,) = check_policy(snapshot)
    assert "Щита за личните данни" in finding.message


def test_warnings_do_not_count_as_errors():
    with translation.override("en"):
        findings = check_policy(changed(lambda s: purpose(s).update(retention_rule=None)))
    assert [f.severity for f in findings] == [Severity.WARNING]
    assert not has_errors(findings)


def test_missing_contacts_are_warnings_naming_art_13():
    snapshot = changed(
        lambda s: (s["controller"].update(email="", phone="0888 1"), s["dpo"].update(email=""))
    )
    with translation.override("en"):
        findings = {f.rule: f for f in check_policy(snapshot)}
    assert findings["controller_without_email"].severity == Severity.WARNING
    assert findings["controller_without_email"].article == "GDPR Art. 13(1)(a)"
    assert findings["controller_without_email"].message == (
        "The controller publishes no email address."
    )
    assert findings["dpo_without_contact"].severity == Severity.WARNING
    assert "13(1)(b)" in findings["dpo_without_contact"].article
    assert not has_errors(list(findings.values()))
