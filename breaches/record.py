"""The record of processing activities (GDPR Art. 30), per controller, from the register: as a
PDF for the authority and as a formula-safe CSV spreadsheet.

Art. 30(1): (a) the controller and its DPO, (b) purposes, (c) categories of data subjects and
of personal data, (d) recipients, (e) transfers with their safeguards, (f) retention, (g) the
technical and organisational measures. Art. 30(2): the processing the controller carries out
as a processor on behalf of other controllers."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from controllers.models import Controller
from gdpr_portal import clock
from gdpr_portal.pdf import render_pdf
from policies.choices import DataKind
from policies.models import ProcessingPurpose
from policies.rendering import document_context
from policies.snapshot import register_snapshot

from .models import ProcessingForOthers


def _retention(rule: dict | None) -> str:
    if not rule:
        return _("not stated")
    how_long = rule["period"] or rule["criterion"]
    text = f"{rule['name']}: {how_long}" if how_long else rule["name"]
    return f"{text} ({rule['legal_reference']})" if rule.get("legal_reference") else text


def _category(category: dict) -> str:
    if category["kind"] == DataKind.ORDINARY:
        return category["name"]
    return f"{category['name']} ({DataKind(category['kind']).label})"


def record_context(controller: Controller) -> dict:
    """The record's content in the active language."""
    context = document_context({**register_snapshot(controller), "sections": []})
    measures = dict(
        ProcessingPurpose.objects.filter(controller=controller).values_list(
            "pk", "security_measures"
        )
    )
    recipients = {r["id"]: r for r in context["recipients"]}
    rules = {r["id"]: r for r in context["rules"]}
    transfers: dict[str, list[dict]] = {}
    for transfer in context["transfers"]:
        transfers.setdefault(transfer["ref"], []).append(transfer)
    rows = []
    for purpose in context["purposes"]:
        rows.append(
            {
                "name": purpose["name"],
                "description": purpose["description"],
                "legal_bases": [
                    f"{b['article']} {b['label']}" + (f" – {b['note']}" if b["note"] else "")
                    for b in purpose["legal_bases"]
                ],
                "data_subjects": purpose["data_subjects"],
                "data_categories": [
                    c["name"]
                    + (f" ({DataKind(c['kind']).label})" if c["kind"] != "ordinary" else "")
                    for c in purpose["data_categories"]
                ],
                "recipients": [
                    f"{r['name']} ({r['role_label']}, {r['country_name']})"
                    for r in (recipients[i] for i in purpose["recipients"] if i in recipients)
                ],
                "transfers": [
                    ", ".join(
                        part
                        for part in (
                            t["country_name"],
                            t["recipient_name"],
                            f"{t['safeguard_label']} {t['article']}".strip(),
                            t["note"],
                        )
                        if part
                    )
                    for t in transfers.get(purpose["ref"], [])
                ],
                "retention": _retention(rules.get(purpose["retention_rule"])),
                "security_measures": measures.get(purpose["id"], ""),
            }
        )
    return {
        "controller": controller,
        "dpo": context["dpo"],
        "purposes": rows,
        "for_others": list(ProcessingForOthers.objects.filter(controller=controller)),
        "today": clock.today(),
    }


PURPOSE_COLUMNS = [
    ("name", "purpose"),
    ("description", "description"),
    ("legal_bases", "legal basis"),
    ("data_subjects", "categories of data subjects"),
    ("data_categories", "categories of personal data"),
    ("recipients", "recipients"),
    ("transfers", "transfers to third countries and safeguards"),
    ("retention", "retention"),
    ("security_measures", "technical and organisational measures"),
]


def _headers() -> dict:
    # Written out so that makemessages finds every header.
    return {
        "purpose": _("purpose"),
        "description": _("description"),
        "legal basis": _("legal basis"),
        "categories of data subjects": _("categories of data subjects"),
        "categories of personal data": _("categories of personal data"),
        "recipients": _("recipients"),
        "transfers to third countries and safeguards": _(
            "transfers to third countries and safeguards"
        ),
        "retention": _("retention"),
        "technical and organisational measures": _("technical and organisational measures"),
    }


def _cell(value) -> str:
    return "; ".join(value) if isinstance(value, list) else (value or "")


def record_rows(controller: Controller, language: str = "bg") -> list[list]:
    """The spreadsheet: Art. 30(1) one purpose a row, then the Art. 30(2) records."""
    with translation.override(language):
        context = record_context(controller)
        headers = _headers()
        rows = [
            [_("Record of processing activities (Art. 30 GDPR)"), controller.legal_name],
            [_("ЕИК"), controller.eik],
            [_("date"), context["today"].isoformat()],
            [],
            [headers[label] for _key, label in PURPOSE_COLUMNS],
        ]
        rows += [[_cell(p[key]) for key, _label in PURPOSE_COLUMNS] for p in context["purposes"]]
        if context["for_others"]:
            rows += [
                [],
                [_("As a processor (Art. 30(2))")],
                [
                    _("controller on whose behalf"),
                    _("its contact details, representative and DPO"),
                    _("categories of processing carried out"),
                    _("transfers to third countries and their safeguards"),
                    _("technical and organisational measures"),
                ],
            ]
            rows += [
                [o.client_name, o.client_contact, o.categories, o.transfers, o.security_measures]
                for o in context["for_others"]
            ]
    return rows


def record_html(controller: Controller, language: str = "bg") -> str:
    with translation.override(language):
        return render_to_string("breaches/art30_record.html", record_context(controller))


def record_pdf(controller: Controller, language: str = "bg") -> bytes:
    with translation.override(language):
        title = str(_("Record of processing activities (Art. 30 GDPR)"))
    html = mark_safe(record_html(controller, language))  # noqa: S308 - rendered by our template
    return render_pdf(html=html, title=title, language=language)
