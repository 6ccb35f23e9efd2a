"""The Art. 15 information pack of an access request, tailored by the DPO: from the register
as published in the policy version in force (its frozen snapshot; the live register when no
policy is published), the DPO chooses what applies to this requester — purposes with their
legal bases, recipients, transfers, retention per purpose, the source of the data, automated
decisions — and the letter says exactly that: no other purpose, no empty heading, and a copy
"enclosed" only when files are attached to the decision.

The choices and the register used are stored with the request (`AccessPack`) and the PDF is
generated once, when the request is completed."""

import copy
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from gdpr_portal import clock
from gdpr_portal.pdf import render_pdf
from policies.models import Policy
from policies.rendering import document_context
from policies.selectors import policy_language, policy_version_in_force
from policies.snapshot import register_snapshot

from .models import AccessPack, Attachment, DataSubjectRequest
from .services import attachment_store
from .uploads import CheckedUpload


class Source:
    """Where the requester's data came from (Art. 15(1)(g); Art. 14(2)(f))."""

    SUBJECT = "subject"  # from the requester alone
    REGISTER = "register"  # as the register states for each purpose chosen
    OTHER = "other"  # described by the DPO


@dataclass(frozen=True)
class PackChoices:
    """What applies to this requester, by the register's ids (purposes, recipients) and by
    `"<purpose id>:<n>"` for the n-th transfer of a purpose."""

    purposes: list[int]
    recipients: list[int] = field(default_factory=list)
    transfers: list[str] = field(default_factory=list)
    retention: dict[str, str] = field(default_factory=dict)  # purpose id → the DPO's words
    source: str = Source.SUBJECT
    source_note: str = ""
    automated: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "purposes": self.purposes,
            "recipients": self.recipients,
            "transfers": self.transfers,
            "retention": {k: v for k, v in self.retention.items() if v.strip()},
            "source": self.source,
            "source_note": self.source_note,
            "automated": self.automated,
        }


@dataclass(frozen=True)
class PackInput:
    """The register the DPO chose from, and the choices: what `request_complete` stores."""

    version: object  # a PolicyVersion, or None
    register: dict
    choices: PackChoices


def pack_register(dsr: DataSubjectRequest) -> tuple[object, dict]:
    """The policy version in force in the requester's language (or None) and the register the
    pack is made from: that version's frozen snapshot, or the live register."""
    policy = Policy.objects.filter(controller=dsr.controller, kind=Policy.Kind.PRIVACY).first()
    version = None
    if policy is not None:
        language = policy_language(policy=policy, requested=dsr.language)
        version = policy_version_in_force(policy=policy, language=language)
    register = version.register_snapshot if version else register_snapshot(dsr.controller)
    return version, {**copy.deepcopy(register), "sections": []}


def transfer_key(purpose: dict, index: int) -> str:
    return f"{purpose['id']}:{index}"


def transfer_keys(register: dict) -> list[str]:
    """The key of each transfer of the register, in the order `document_context` lists them."""
    return [transfer_key(p, i) for p in register["purposes"] for i, _t in enumerate(p["transfers"])]


def pack_context(
    *, dsr: DataSubjectRequest, register: dict, choices: dict, version, enclosures: list[str]
) -> dict:
    """The letter's facts, in the active language: only what the DPO chose."""
    context = document_context(copy.deepcopy(register))  # it labels the dicts it is given
    chosen = set(choices["purposes"])
    purposes = [p for p in context["purposes"] if p["id"] in chosen]
    rules = {rule["id"]: rule for rule in context["rules"]}
    retention = choices.get("retention", {})
    for purpose in purposes:
        purpose["rule"] = rules.get(purpose["retention_rule"])
        purpose["retention_text"] = retention.get(str(purpose["id"]), "").strip()
    keys = transfer_keys(register)
    transfers = [
        t for key, t in zip(keys, context["transfers"], strict=True) if key in choices["transfers"]
    ]
    names = {p["id"]: p["name"] for p in purposes}
    for t in transfers:
        t["purpose_name"] = names.get(int(t.get("purpose_id", 0)), "")
    recipients = [r for r in context["recipients"] if r["id"] in set(choices["recipients"])]
    automated = [p for p in purposes if p["id"] in set(choices["automated"])]
    return {
        "dsr": dsr,
        "version": version,
        "today": clock.today(),
        "controller": context["controller"],
        "authority": context["authority"],
        "purposes": purposes,
        "recipients": recipients,
        "transfers": transfers,
        "source": choices["source"],
        "source_note": choices.get("source_note", ""),
        "register_sources": [p for p in purposes if p["source_labels"] or p["sources_note"]],
        "automated": automated,
        "enclosures": enclosures,
    }


def _with_purposes(register: dict) -> dict:
    """Each transfer tagged with its purpose's id, so that the letter names the purpose."""
    return {
        **register,
        "purposes": [
            {**p, "transfers": [{**t, "purpose_id": p["id"]} for t in p["transfers"]]}
            for p in register["purposes"]
        ],
    }


def pack_html(
    *, dsr: DataSubjectRequest, register: dict, choices: dict, version, enclosures: list[str]
) -> str:
    with translation.override(dsr.language):
        context = pack_context(
            dsr=dsr,
            register=_with_purposes(register),
            choices=choices,
            version=version,
            enclosures=enclosures,
        )
        return render_to_string("requests_app/art15_letter.html", context)


def pack_pdf(
    *, dsr: DataSubjectRequest, register: dict, choices: dict, version, enclosures: list[str]
) -> bytes:
    html = pack_html(
        dsr=dsr, register=register, choices=choices, version=version, enclosures=enclosures
    )
    with translation.override(dsr.language):
        title = str(translation.gettext("Information under Art. 15 GDPR"))
    return render_pdf(html=mark_safe(html), title=title, language=dsr.language)  # noqa: S308


def pack_filename(dsr: DataSubjectRequest) -> str:
    return f"{dsr.reference}-art15.pdf"


def access_pack_store(
    *, dsr: DataSubjectRequest, pack: PackInput, enclosures: list[Attachment], actor
) -> AccessPack:
    """Generate the letter once and keep it with what it was made from (the files it names as
    enclosed among them). In the caller's transaction (the `complete` move)."""
    choices = {**pack.choices.as_json(), "enclosures": [a.original_name for a in enclosures]}
    data = pack_pdf(
        dsr=dsr,
        register=pack.register,
        choices=choices,
        version=pack.version,
        enclosures=choices["enclosures"],
    )
    document = attachment_store(
        request=dsr,
        kind=Attachment.Kind.ACCESS_PACK,
        upload=CheckedUpload(pack_filename(dsr), "application/pdf", data),
    )
    return AccessPack.objects.create(
        request=dsr,
        policy_version=pack.version,
        register=pack.register,
        choices=choices,
        document=document,
        created_by=actor,
    )


def access_pack_html(pack: AccessPack) -> str:
    """The stored pack as HTML again, from its register and choices (the staff's preview)."""
    return pack_html(
        dsr=pack.request,
        register=pack.register,
        choices=pack.choices,
        version=pack.policy_version,
        enclosures=pack.choices.get("enclosures", []),
    )
