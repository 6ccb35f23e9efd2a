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
                applies_to=item.get("applies_to", ""),
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


DEMO_OVERRIDE_REASON = (
    "Демонстрационни данни: политиката е публикувана така, както администраторът я е "
    "обнародвал. Констатациите не са поправени, за да се виждат в портала."
)


def publish_demo_policy(controller: Controller, data: dict, publisher) -> bool:
    """Publish version 1 of the seed's policy unless one exists; True when it published."""
    from django.utils import timezone

    from policies.models import PolicyVersion
    from policies.services import policy_get_or_create, policy_publish, policy_version_create_draft

    policy = policy_get_or_create(controller=controller)
    if PolicyVersion.objects.filter(policy=policy).exists():
        return False
    meta = data.get("policy", {})
    effective = _date(meta.get("effective_date")) or _date(meta.get("last_updated"))
    draft = policy_version_create_draft(
        policy=policy,
        author=publisher,
        language=controller.default_language,
        title=meta.get("title") or f"Политика за поверителност на {controller.legal_name}",
        effective_date=effective or timezone.localdate(),
        change_summary="Първа версия в портала, пренесена от публикуваната политика.",
        sections=data.get("policy_sections", []),
    )
    policy_publish(version=draft, publisher=publisher, override_reason=DEMO_OVERRIDE_REASON)
    return True
