"""One content, two outputs: the policy document as HTML for the page and as a PDF."""

import hashlib

import markdown
import nh3
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django_countries import countries

from controllers.models import Recipient
from retention.models import RetentionRule
from retention.periods import period_text

from .choices import Art9Condition, DataKind, DataSource, LegalBasis, Topic, TransferSafeguard
from .document import anchor, bases_of, purpose_refs, response_deadline, topics_shown
from .models import Cookie

SAID_ELSEWHERE = {LegalBasis.CONSENT, LegalBasis.LEGITIMATE_INTERESTS}

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "h5",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str) -> str:
    """Markdown from an editor, rendered and sanitised: no raw HTML, scripts or styles."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _prose(snapshot: dict) -> dict[str, list[dict]]:
    """The controller's own words, by the section they belong to, sanitised."""
    by_topic: dict[str, list[dict]] = {}
    for s in snapshot.get("sections", []):
        html = mark_safe(render_markdown(s["body"]))  # noqa: S308 - sanitised by nh3
        by_topic.setdefault(s.get("topic") or Topic.CONTROLLER, []).append(
            {"title": s.get("title", ""), "html": html}
        )
    return by_topic


def _unique(items) -> list[dict]:
    """Each value once, in order of first appearance, with the purposes it is named under."""
    seen: dict[tuple, dict] = {}
    for key, value, ref in items:
        seen.setdefault(key, {**value, "refs": []})["refs"].append(ref)
    return list(seen.values())


def document_context(snapshot: dict) -> dict:
    """The document's sections and facts, codes resolved into labels of the active language.
    Each fact is given once, in its section; other sections refer to a purpose by its number."""
    topics = topics_shown(snapshot)
    number = {topic: i for i, topic in enumerate(topics, start=1)}
    prose = _prose(snapshot)
    refs = {
        pid: f"{number.get(Topic.PURPOSES, '')}.{n}" for pid, n in purpose_refs(snapshot).items()
    }
    recipients = {r["id"]: r for r in snapshot["recipients"]}
    for r in recipients.values():
        r["role_label"] = _label(Recipient.Role, r["role"])
        r["country_name"] = str(countries.name(r["country"])) or r["country"]
    rules = {}
    for rule in snapshot["retention_rules"]:
        rules[rule["id"]] = {
            **rule,
            "period": period_text(rule["years"], rule["months"], rule["days"]),
            # "other" is spelled out by the rule's own note, never as "(see note)".
            "start_label": ""
            if rule["start_event"] == RetentionRule.StartEvent.OTHER
            else _label(RetentionRule.StartEvent, rule["start_event"]),
            "counting_label": _label(RetentionRule.CountingChoice, rule["counting"]),
            "action_label": _label(RetentionRule.Action, rule["action"]),
            "refs": [
                refs[p["id"]] for p in snapshot["purposes"] if p["retention_rule"] == rule["id"]
            ],
        }
    purposes = []
    for purpose in snapshot["purposes"]:
        purposes.append(
            {
                **purpose,
                "ref": refs[purpose["id"]],
                "legal_bases": [
                    {
                        **b,
                        "label": _label(LegalBasis, b["basis"]),
                        "article": LegalBasis(b["basis"]).article,
                        # The interest (f) and how consent is withdrawn (a) have sections of
                        # their own (Arts 13(1)(d), 13(2)(c)): said there, not twice.
                        "note": "" if b["basis"] in SAID_ELSEWHERE else b["note"],
                    }
                    for b in purpose["legal_bases"]
                ],
                "art9_label": _label(Art9Condition, purpose["art9_condition"])
                if purpose["art9_condition"]
                else "",
                "art9_article": Art9Condition(purpose["art9_condition"]).article
                if purpose["art9_condition"]
                else "",
                "source_labels": [_label(DataSource, s) for s in purpose["sources"]],
            }
        )
    transfers = [
        {
            **t,
            "ref": refs[p["id"]],
            "country_name": str(countries.name(t["country"])) or t["country"],
            "recipient_name": recipients[t["recipient"]]["name"]
            if t["recipient"] in recipients
            else "",
            "safeguard_label": _label(TransferSafeguard, t["safeguard"]) if t["safeguard"] else "",
            "article": TransferSafeguard(t["safeguard"]).article if t["safeguard"] else "",
        }
        for p in snapshot["purposes"]
        for t in p["transfers"]
    ]
    sections = [
        {
            "topic": topic,
            "number": number[topic],
            "anchor": anchor(topic),
            "title": Topic(topic).label,
            "template": f"policies/includes/document/_{topic}.html",
            "prose": prose.get(topic, []),
        }
        for topic in topics
    ]
    return {
        "sections": sections,
        "numbers": number,
        "controller": snapshot["controller"],
        "dpo": snapshot["dpo"],
        "authority": snapshot["authority"],
        "recipients": list(recipients.values()),
        "rules": list(rules.values()),
        "purposes": purposes,
        "interests": [
            {"note": b["note"], "ref": refs[p["id"]]}
            for p, b in bases_of(snapshot, LegalBasis.LEGITIMATE_INTERESTS)
            if b["note"].strip()
        ],
        "consents": [
            {"note": b["note"], "ref": refs[p["id"]]}
            for p, b in bases_of(snapshot, LegalBasis.CONSENT)
        ],
        "categories": _unique(
            (
                (c["name"], c["kind"]),
                {**c, "kind_label": _label(DataKind, c["kind"])},
                refs[p["id"]],
            )
            for p in snapshot["purposes"]
            for c in p["data_categories"]
        ),
        "subjects": _unique(
            (name, {"name": name}, refs[p["id"]])
            for p in snapshot["purposes"]
            for name in p["data_subjects"]
        ),
        "sources": [p for p in purposes if p["source_labels"] or p["sources_note"]],
        "transfers": transfers,
        "automated": [p for p in purposes if p["automated_decision"]],
        "deadline": response_deadline(snapshot["controller"]),
        "cookies": [
            {
                **c,
                "category_label": _label(Cookie.Category, c["category"]),
                "party_label": _label(Cookie.Party, c["party"]),
                "country_name": str(countries.name(c["country"])) if c.get("country") else "",
            }
            for c in snapshot.get("cookies") or []
        ],
    }


def render_document_html(*, snapshot: dict, version, request_url: str) -> str:
    """The policy document's HTML fragment, in the version's language."""
    with translation.override(version.language):
        return render_to_string(
            "policies/includes/_document.html",
            {
                **document_context(snapshot),
                "version": version,
                "request_url": request_url,
                "site_url": settings.SITE_URL,
            },
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
