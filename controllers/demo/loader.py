"""Turns a seed module's CONTROLLER dict into registry rows, validating every one."""

import datetime

from django.db import transaction

from controllers.models import Controller, DataProtectionOfficer, Recipient, SupervisoryAuthority
from policies.models import PersonalDataCategory, ProcessingPurpose, PurposeLegalBasis, Transfer
from retention.models import RetentionRule


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load_controller(data: dict) -> tuple[Controller, bool]:
    """Create the controller and its register; a controller already present is left as it is
    (so that running the demo twice changes nothing, and staff edits survive)."""
    existing = Controller.objects.filter(slug=data["slug"]).first()
    if existing is not None:
        return existing, False

    controller = _saved(
        Controller(
            slug=data["slug"],
            legal_name=data["legal_name"],
            short_name=data.get("short_name", ""),
            eik=data["eik"],
            legal_form=data.get("legal_form", ""),
            representative=data.get("representative", ""),
            registered_address=data["registered_address"],
            correspondence_address=data.get("correspondence_address", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            website=data.get("website", ""),
            supervisory_authority=SupervisoryAuthority.objects.get(email="kzld@cpdp.bg"),
            promised_response_days=data.get("promised_response_days"),
            promised_response_text=data.get("promised_response_text", ""),
        )
    )
    if data.get("dpo"):
        _saved(DataProtectionOfficer(controller=controller, **data["dpo"]))

    recipients = {}
    for item in data.get("recipients", []):
        fields = {k: v for k, v in item.items() if k != "key"}
        fields["contract_date"] = _date(fields.get("contract_date"))
        recipients[item["key"]] = _saved(Recipient(controller=controller, **fields))

    rules = {}
    for position, item in enumerate(data.get("retention_rules", [])):
        rules[item["key"]] = _saved(
            RetentionRule(
                controller=controller,
                position=position,
                name=item["name"],
                period_years=item.get("years"),
                period_months=item.get("months"),
                period_days=item.get("days"),
                criterion=item.get("criterion", ""),
                start_event=item.get("start_event", "collection"),
                start_event_note=item.get("start_event_note", ""),
                counting=item.get("counting", "from_event"),
                legal_reference=item.get("legal_reference", ""),
                action=item.get("action", "erase"),
                consent_may_extend=item.get("consent_may_extend", False),
                notes=item.get("notes", ""),
            )
        )

    for position, item in enumerate(data.get("purposes", [])):
        purpose = _saved(
            ProcessingPurpose(
                controller=controller,
                position=position,
                name=item["name"],
                description=item.get("description", ""),
                data_subjects="\n".join(item.get("data_subjects", [])),
                art9_condition=item.get("art9_condition", ""),
                art9_note=item.get("art9_note", ""),
                sources=item.get("sources", []),
                sources_note=item.get("sources_note", ""),
                automated_decision=item.get("automated_decision", False),
                automated_decision_explanation=item.get("automated_decision_explanation", ""),
                retention_rule=rules[item["retention_rule"]]
                if item.get("retention_rule")
                else None,
            )
        )
        purpose.recipients.set([recipients[key] for key in item.get("recipients", [])])
        for name, kind in item.get("data_categories", []):
            _saved(PersonalDataCategory(purpose=purpose, name=name, kind=kind))
        for basis, note in item.get("legal_bases", []):
            _saved(PurposeLegalBasis(purpose=purpose, basis=basis, note=note))
        for transfer in item.get("transfers", []):
            recipient_key = transfer.get("recipient")
            _saved(
                Transfer(
                    purpose=purpose,
                    country=transfer["country"],
                    recipient=recipients[recipient_key] if recipient_key else None,
                    safeguard=transfer.get("safeguard", ""),
                    note=transfer.get("note", ""),
                )
            )
    return controller, True
