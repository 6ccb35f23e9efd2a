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

from .choices import Art9Condition, DataKind, DataSource, LegalBasis, TransferSafeguard

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


def document_context(snapshot: dict) -> dict:
    """Resolve the snapshot's codes into labels of the active language, for the template."""
    recipients = {r["id"]: r for r in snapshot["recipients"]}
    for r in recipients.values():
        r["role_label"] = _label(Recipient.Role, r["role"])
        r["country_name"] = str(countries.name(r["country"])) or r["country"]
    rules = {}
    for rule in snapshot["retention_rules"]:
        rules[rule["id"]] = {
            **rule,
            "period": period_text(rule["years"], rule["months"], rule["days"]),
            "start_label": _label(RetentionRule.StartEvent, rule["start_event"]),
            "counting_label": _label(RetentionRule.CountingChoice, rule["counting"]),
            "action_label": _label(RetentionRule.Action, rule["action"]),
        }
    purposes = []
    for purpose in snapshot["purposes"]:
        purposes.append(
            {
                **purpose,
                "legal_bases": [
                    {
                        **b,
                        "label": _label(LegalBasis, b["basis"]),
                        "article": LegalBasis(b["basis"]).article,
                    }
                    for b in purpose["legal_bases"]
                ],
                "data_categories": [
                    {**c, "kind_label": _label(DataKind, c["kind"])}
                    for c in purpose["data_categories"]
                ],
                "art9_label": _label(Art9Condition, purpose["art9_condition"])
                if purpose["art9_condition"]
                else "",
                "art9_article": Art9Condition(purpose["art9_condition"]).article
                if purpose["art9_condition"]
                else "",
                "source_labels": [_label(DataSource, s) for s in purpose["sources"]],
                "recipient_list": [recipients[i] for i in purpose["recipients"] if i in recipients],
                "transfer_list": [
                    {
                        **t,
                        "country_name": str(countries.name(t["country"])) or t["country"],
                        "recipient_name": recipients[t["recipient"]]["name"]
                        if t["recipient"] in recipients
                        else "",
                        "safeguard_label": _label(TransferSafeguard, t["safeguard"])
                        if t["safeguard"]
                        else "",
                        "article": TransferSafeguard(t["safeguard"]).article
                        if t["safeguard"]
                        else "",
                    }
                    for t in purpose["transfers"]
                ],
                "rule": rules.get(purpose["retention_rule"]),
            }
        )
    return {
        "controller": snapshot["controller"],
        "dpo": snapshot["dpo"],
        "authority": snapshot["authority"],
        "recipients": list(recipients.values()),
        "rules": list(rules.values()),
        "purposes": purposes,
        "sections": [
            {"title": s["title"], "html": mark_safe(render_markdown(s["body"]))}  # noqa: S308 - sanitised by nh3
            for s in snapshot.get("sections", [])
        ],
        "automated": [p for p in purposes if p["automated_decision"]],
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
