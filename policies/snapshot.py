"""The register of one controller as plain data: what a policy version is generated from and
what publishing freezes. Codes, not labels: labels are resolved in the version's language."""

from django.db.models import Prefetch

from controllers.models import Controller, Recipient
from retention.models import RetentionRule

from .models import Cookie, PolicySection, PolicyVersion, ProcessingPurpose


def _controller_fields(controller: Controller) -> dict:
    return {
        "legal_name": controller.legal_name,
        "short_name": controller.short_name,
        "name_en": controller.name_en,
        "slug": controller.slug,
        "eik": controller.eik,
        "legal_form": controller.legal_form,
        "is_public_body": controller.is_public_body,
        "representative": controller.representative,
        "registered_address": controller.registered_address,
        "correspondence_address": controller.correspondence_address,
        "email": controller.email,
        "phone": controller.phone,
        "website": controller.website,
        "promised_response_days": controller.promised_response_days,
        "promised_response_text": controller.promised_response_text,
    }


def register_snapshot(controller: Controller) -> dict:
    """Everything the policy states about `controller`, in a fixed number of queries."""
    controller = (
        Controller.objects.select_related("supervisory_authority", "dpo")
        .prefetch_related(
            Prefetch("recipients", queryset=Recipient.objects.order_by("name")),
            Prefetch("retention_rules", queryset=RetentionRule.objects.order_by("position", "pk")),
            Prefetch("cookies", queryset=Cookie.objects.order_by("position", "pk")),
            Prefetch(
                "purposes",
                queryset=ProcessingPurpose.objects.order_by("position", "pk").prefetch_related(
                    "data_categories", "legal_bases", "transfers", "recipients"
                ),
            ),
        )
        .get(pk=controller.pk)
    )
    dpo = getattr(controller, "dpo", None)
    authority = controller.supervisory_authority
    return {
        "controller": _controller_fields(controller),
        "dpo": None
        if dpo is None
        else {
            "kind": dpo.kind,
            "name": dpo.name,
            "organisation_eik": dpo.organisation_eik,
            "contact_person": dpo.contact_person,
            "email": dpo.email,
            "phone": dpo.phone,
            "postal_address": dpo.postal_address,
        },
        "authority": None
        if authority is None
        else {
            "name": authority.name,
            "name_en": authority.name_en,
            "address": authority.address,
            "email": authority.email,
            "phone": authority.phone,
            "website": authority.website,
        },
        "recipients": [
            {
                "id": r.pk,
                "name": r.name,
                "identifier": r.identifier,
                "country": r.country.code,
                "role": r.role,
                "description": r.description,
            }
            for r in controller.recipients.all()
        ],
        "retention_rules": [
            {
                "id": rule.pk,
                "name": rule.name,
                "years": rule.period_years,
                "months": rule.period_months,
                "days": rule.period_days,
                "criterion": rule.criterion,
                "start_event": rule.start_event,
                "start_event_note": rule.start_event_note,
                "counting": rule.counting,
                "legal_reference": rule.legal_reference,
                "action": rule.action,
                "consent_may_extend": rule.consent_may_extend,
                "notes": rule.notes,
            }
            for rule in controller.retention_rules.all()
        ],
        # ECA Art. 4a; GDPR Art. 13: each cookie with its provider, purpose, category, lifetime.
        "cookies": [
            {
                "name": c.name,
                "provider": c.provider,
                "purpose": c.purpose,
                "category": c.category,
                "lifetime": c.lifetime,
                "party": c.party,
                "country": c.country.code if c.country else "",
            }
            for c in controller.cookies.all()
        ],
        "purposes": [
            {
                "id": p.pk,
                "name": p.name,
                "description": p.description,
                "data_subjects": p.data_subject_list(),
                "data_categories": [
                    {"name": c.name, "kind": c.kind} for c in p.data_categories.all()
                ],
                "legal_bases": [
                    {"basis": b.basis, "note": b.note}
                    for b in sorted(p.legal_bases.all(), key=lambda b: b.basis)
                ],
                "art9_condition": p.art9_condition,
                "art9_note": p.art9_note,
                "sources": list(p.sources or []),
                "sources_note": p.sources_note,
                "recipients": sorted(r.pk for r in p.recipients.all()),
                "transfers": [
                    {
                        "country": t.country.code,
                        "recipient": t.recipient_id,
                        "safeguard": t.safeguard,
                        "note": t.note,
                    }
                    for t in p.transfers.all()
                ],
                "automated_decision": p.automated_decision,
                "automated_decision_explanation": p.automated_decision_explanation,
                "retention_rule": p.retention_rule_id,
            }
            for p in controller.purposes.all()
        ],
    }


def version_snapshot(version: PolicyVersion) -> dict:
    """The register plus the version's own free text: the whole input of its rendering."""
    snapshot = register_snapshot(version.policy.controller)
    snapshot["sections"] = [
        {"topic": s.topic, "title": s.title, "body": s.body}
        for s in PolicySection.objects.filter(version=version).order_by("position", "pk")
    ]
    return snapshot
