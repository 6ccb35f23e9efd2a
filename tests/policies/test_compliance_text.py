# ruff: noqa: E501 - the quotes are the seeds' sentences, verbatim
"""Each rule that reads the text fires on a seed's own words and stays quiet on the words that
say the same thing lawfully (the seeds are in /work/shared/seeds, the demo's copies in
demo/originals)."""

import copy

import pytest
from django.utils import translation

from policies.compliance import check_original, check_policy

from .test_compliance import CLEAN

NO_REGISTER = {"purposes": [], "retention_rules": [], "cookies": []}
WITH_F = {"purposes": [{"legal_bases": [{"basis": "f"}]}], "retention_rules": [], "cookies": []}
ONLY_B = {"purposes": [{"legal_bases": [{"basis": "b"}]}], "retention_rules": [], "cookies": []}
GA = {"name": "Google Analytics", "category": "statistics"}

FIRES = [
    # 000 Plovdiv
    (
        "use_as_consent",
        "Като използвате нашия сайт, Вие се съгласявате с нашата политика на поверителност.",
        NO_REGISTER,
    ),
    (
        "cookies_consent_by_use",
        "Като използвате нашия сайт, Вие се съгласявате с нашата политика на поверителност.",
        {**NO_REGISTER, "cookies": [GA]},
    ),
    (
        "retention_as_long_as_necessary",
        "Ние съхраняваме личните Ви данни във форма, която да позволява идентифицирането на субекта на данните за период, не по-дълъг от необходимото за целите, за които се обработват.",
        NO_REGISTER,
    ),
    # 001 ДКЦ II, 004 БезГлоба
    (
        "silent_changes",
        "Настоящата политика може да се актуализира периодично и без предизвестие, за да отрази промените.",
        NO_REGISTER,
    ),
    (
        "silent_changes",
        "Администраторът си запазва правото да променя настоящата Политика по всяко време и без предварително уведомление до потребителите.",
        NO_REGISTER,
    ),
    # 002 ЦПЗ
    (
        "privacy_shield_claimed",
        "Всички наши доставчици на социални медии са сертифицирани съгласно защитата за поверителност между ЕС и САЩ и са прозрачни за всяко лице.",
        NO_REGISTER,
    ),
    (
        "privacy_shield_claimed",
        "Google Inc. е сертифицирана съгласно Споразумението за защита на личните данни между ЕС и САЩ „Щит за поверителност“.",
        NO_REGISTER,
    ),
    (
        "equivalence_claimed",
        "Получателят гарантира ниво на защита на данните, равностойно на това на ЕС.",
        NO_REGISTER,
    ),
    # 003 МедиПро (server logs under Art. 6(1)(f))
    (
        "right_denied",
        "Обработката на данни е необходима, за да се представи уебсайтът. Следователно възражението е невъзможно.",
        WITH_F,
    ),
    ("use_as_consent", "By using this website you agree to this policy.", NO_REGISTER),
]
QUIET = [
    (
        "use_as_consent",
        "При влизане в този уебсайт Ви информираме за използването на бисквитки и се иска Вашето съгласие за използването на бисквитки.",
        NO_REGISTER,
    ),
    (
        "cookies_consent_by_use",
        "Като използвате нашия сайт, Вие се съгласявате с нашата политика на поверителност.",
        {**NO_REGISTER, "cookies": [{"name": "сесия", "category": "necessary"}]},
    ),
    (
        "retention_as_long_as_necessary",
        "Данните се съхраняват за период, не по-дълъг от необходимото. Медицинската документация се пази 3 години.",
        NO_REGISTER,
    ),
    ("silent_changes", "Ще Ви уведомим по имейл за всяка промяна на политиката.", NO_REGISTER),
    (
        "privacy_shield_claimed",
        "Google LLC е сертифицирана по Рамката за защита на данните между ЕС и САЩ.",
        NO_REGISTER,
    ),
    (
        "equivalence_claimed",
        "Адекватно ниво на защита: Доставчикът идва от държава, чието ниво на защита на данните е признато от Европейската комисия.",
        NO_REGISTER,
    ),
    (
        "right_denied",
        "Вашето право на възражение може да бъде ограничено, ако има вероятност завършването на изследователската работа да стане невъзможно.",
        WITH_F,
    ),
    ("right_denied", "Следователно възражението е невъзможно.", ONLY_B),
]


def rules(text, register):
    with translation.override("en"):
        return [f.rule for f in check_original(text, register)]


@pytest.mark.parametrize(("rule", "text", "register"), FIRES)
def test_rule_fires_on_seed_words(rule, text, register):
    assert rule in rules(text, register)


@pytest.mark.parametrize(("rule", "text", "register"), QUIET)
def test_rule_stays_quiet_on_lawful_words(rule, text, register):
    assert rule not in rules(text, register)


def test_a_finding_quotes_its_sentence_verbatim():
    text = "6. Съгласие\nКато използвате нашия сайт, Вие се съгласявате с политиката. Друго."
    with translation.override("en"):
        (finding,) = check_original(text, NO_REGISTER)
    assert finding.quote == "Като използвате нашия сайт, Вие се съгласявате с политиката."
    assert finding.section == "6. Съгласие" and finding.severity == "error"


def snapshot(**changes):
    s = copy.deepcopy(CLEAN)
    s["controller"].update(changes.pop("controller", {}))
    s.update(changes)
    return s


def register_rules(s):
    with translation.override("en"):
        return [f.rule for f in check_policy(s)]


def test_a_public_body_needs_a_dpo_and_acts_under_c_or_e():
    s = snapshot(controller={"is_public_body": True}, dpo=None)
    assert {"public_body_without_dpo", "public_body_contract_basis"} <= set(register_rules(s))
    s["purposes"][0]["legal_bases"] = [{"basis": "e", "note": "чл. 17 ЗМСМА"}]
    s["dpo"] = CLEAN["dpo"]
    assert register_rules(s) == []


def test_adequacy_is_claimed_only_where_a_decision_exists():
    s = snapshot()
    s["purposes"][0]["transfers"][0].update(country="IN", safeguard="adequacy")
    assert register_rules(s) == ["adequacy_without_decision"]
    s["purposes"][0]["transfers"][0].update(country="JP")
    assert register_rules(s) == []


def test_art9_condition_must_match_the_special_data():
    s = snapshot()
    s["purposes"][0].update(
        data_categories=[{"name": "членство в синдикални организации", "kind": "special"}],
        art9_condition="h",
    )
    assert register_rules(s) == ["art9_condition_mismatch"]
    s["purposes"][0]["data_categories"][0]["name"] = "данни за здравословното състояние"
    assert register_rules(s) == []
    s["purposes"][0]["data_categories"][0]["kind"] = "ordinary"
    assert register_rules(s) == ["art9_condition_without_special_data"]


def test_retention_as_long_as_necessary_in_the_register():
    s = snapshot()
    s["retention_rules"][0].update(
        years=None, criterion="за период, не по-дълъг от необходимото за целите"
    )
    assert register_rules(s) == ["retention_as_long_as_necessary"]
