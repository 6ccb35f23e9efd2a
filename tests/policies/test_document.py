"""The generated policy as a document: its sections in the order of GDPR Arts 13 and 14, the
controller's words inside the section they are about, a table of contents whose links resolve,
one response deadline, and nothing unfinished in public."""

import copy
import datetime
import re

import pytest
from django.utils import translation

from policies.choices import Topic
from policies.document import missing_facts, response_deadline, topics_shown
from policies.models import Policy, PolicyVersion
from policies.rendering import render_document_html

FULL = {
    "controller": {
        "legal_name": "Алфа ЕООД",
        "short_name": "",
        "eik": "000000018",
        "legal_form": "",
        "representative": "",
        "registered_address": "гр. София",
        "correspondence_address": "",
        "email": "privacy@alfa.example.org",
        "phone": "",
        "website": "",
        "promised_response_days": None,
        "promised_response_text": "",
    },
    "dpo": {
        "kind": "person",
        "name": "Анна Примерова",
        "organisation_eik": "",
        "contact_person": "",
        "email": "dpo@alfa.example.org",
        "phone": "",
        "postal_address": "",
    },
    "authority": {
        "name": "Комисия за защита на личните данни",
        "name_en": "",
        "address": "София",
        "email": "kzld@cpdp.bg",
        "phone": "",
        "website": "",
    },
    "recipients": [
        {
            "id": 7,
            "name": "Хостинг ООД",
            "identifier": "",
            "country": "BG",
            "role": "processor",
            "description": "Хостинг на сайта.",
        }
    ],
    "retention_rules": [
        {
            "id": 1,
            "name": "Договори",
            "years": 5,
            "months": None,
            "days": None,
            "criterion": "",
            "start_event": "end_of_contract",
            "start_event_note": "",
            "counting": "from_event",
            "legal_reference": "",
            "action": "erase",
            "consent_may_extend": False,
            "notes": "СЛУЖЕБНА БЕЛЕЖКА",
        },
    ],
    "purposes": [
        {
            "id": 3,
            "name": "Изпълнение на договор",
            "description": "",
            "data_subjects": ["Клиенти"],
            "data_categories": [{"name": "Имена", "kind": "ordinary"}],
            "legal_bases": [{"basis": "b", "note": ""}, {"basis": "f", "note": "Защита от измами"}],
            "art9_condition": "",
            "art9_note": "",
            "sources": ["third_parties"],
            "sources_note": "",
            "recipients": [7],
            "transfers": [],
            "automated_decision": False,
            "automated_decision_explanation": "",
            "retention_rule": 1,
        },
        {
            "id": 4,
            "name": "Бюлетин",
            "description": "",
            "data_subjects": ["Клиенти"],
            "data_categories": [{"name": "Имена", "kind": "ordinary"}],
            "legal_bases": [{"basis": "a", "note": "Отписване с линка в писмото."}],
            "art9_condition": "",
            "art9_note": "",
            "sources": [],
            "sources_note": "",
            "recipients": [],
            "transfers": [],
            "automated_decision": False,
            "automated_decision_explanation": "",
            "retention_rule": 1,
        },
    ],
    "sections": [
        {"topic": "controller", "title": "", "body": "Въведение от администратора."},
        {"topic": "requirement", "title": "", "body": "Без име не можем да сключим договор."},
        {"topic": "cookies", "title": "Бисквитки", "body": "Само необходими."},
    ],
}
PLACEHOLDERS = [
    "не е посочено",
    "not stated",
    "вж. бележката",
    "see note",
    "По думите на администратора",
    "In its own words",
    "основанието не е назовано изрично",
]


def render(snapshot, language="bg") -> str:
    version = PolicyVersion(
        policy=Policy(),
        number=2,
        language=language,
        title="Политика",
        effective_date=datetime.date(2026, 1, 1),
    )
    return render_document_html(snapshot=snapshot, version=version, request_url="https://x/r/")


def changed(**controller):
    snapshot = copy.deepcopy(FULL)
    snapshot["controller"].update(controller)
    return snapshot


def test_every_section_the_register_fills_in_the_order_of_arts_13_and_14():
    assert topics_shown(FULL) == [
        "controller",
        "dpo",
        "purposes",
        "interests",
        "data",
        "sources",
        "recipients",
        "transfers",
        "retention",
        "rights",
        "consent",
        "complaint",
        "requirement",
        "automated",
        "cookies",
        "changes",
    ]
    html = render(FULL)
    headings = re.findall(r'<h2 id="policy-([a-z]+)">(\d+)\. ', html)
    assert [t for t, _n in headings] == topics_shown(FULL)
    assert [int(n) for _t, n in headings] == list(range(1, 17))


def test_the_table_of_contents_links_resolve_to_the_section_anchors():
    html = render(FULL)
    links = re.findall(r'<a href="#([^"]+)">', html)
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert links and all(link in ids for link in links)
    assert len(links) == len(topics_shown(FULL))


def test_the_controllers_words_stand_inside_their_section():
    html = render(FULL)
    sections = dict(re.findall(r'<h2 id="policy-([a-z]+)">(.*?)</section>', html, re.DOTALL))
    assert "Въведение от администратора." in sections["controller"]
    assert "Без име не можем" in sections["requirement"]
    assert "Само необходими." in sections["cookies"]


def test_a_section_with_nothing_to_say_is_left_out_and_the_rest_renumbered():
    snapshot = copy.deepcopy(FULL)
    snapshot["dpo"] = None
    snapshot["sections"] = []
    assert Topic.DPO not in topics_shown(snapshot)
    assert Topic.REQUIREMENT not in topics_shown(snapshot)
    assert '<h2 id="policy-purposes">2. ' in render(snapshot)


def test_each_fact_once_the_interest_and_the_consent_note_in_their_own_sections():
    with translation.override("bg"):
        html = render(FULL)
    assert html.count("Защита от измами") == 1
    assert html.count("Отписване с линка в писмото.") == 1
    assert html.count("Изпълнение на договор") == 1
    assert html.count("Хостинг на сайта.") == 1
    assert html.count("Имена") == 1  # one category under two purposes: listed once


@pytest.mark.parametrize("language", ["bg", "en"])
def test_nothing_unfinished_and_no_staff_note_in_public(language):
    snapshot = copy.deepcopy(FULL)
    snapshot["purposes"][0]["legal_bases"] = []
    snapshot["purposes"][1]["retention_rule"] = None
    snapshot["retention_rules"][0].update(years=None, start_event="other", start_event_note="")
    html = render(snapshot, language)
    for text in [*PLACEHOLDERS, "СЛУЖЕБНА БЕЛЕЖКА"]:
        assert text not in html
    assert {(m["topic"], m["fact"]) for m in missing_facts(snapshot)} == {
        ("purposes", "legal_basis"),
        ("retention", "retention_rule"),
        ("retention", "period"),
    }


@pytest.mark.parametrize(
    ("days", "expected"),
    [(None, None), (15, 15), (30, 30), (31, 31), (60, None)],
)
def test_one_deadline_the_law_with_a_shorter_promise_inside_it(days, expected):
    assert response_deadline({"promised_response_days": days}).promised_days == expected


def test_the_deadline_is_one_sentence_and_a_longer_promise_is_not_printed():
    with translation.override("en"):
        plain = render(changed(promised_response_days=None), "en")
        short = render(changed(promised_response_days=14), "en")
        long = render(changed(promised_response_days=60, promised_response_text="до 60 дни"), "en")
    assert "within one month" in plain and "14 days" not in plain
    assert "within 14 days of receiving the request, and in any case within one month" in short
    assert "60" not in long and "до 60 дни" not in long and "within one month" in long
    assert "promise_within_law" in {
        m["fact"] for m in missing_facts(changed(promised_response_days=60))
    }
    for html in (plain, short, long):
        assert html.count("Art. 12(3)") == 1
