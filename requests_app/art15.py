"""The Art. 15(1) information pack of an access request: a letter generated from the register
as published in the policy version in force (its frozen snapshot), as HTML and PDF."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from gdpr_portal import clock
from gdpr_portal.pdf import render_pdf
from policies.models import Policy
from policies.rendering import document_context
from policies.selectors import policy_language, policy_version_in_force
from policies.snapshot import register_snapshot

from .models import DataSubjectRequest


def _version_in_force(dsr: DataSubjectRequest):
    policy = Policy.objects.filter(controller=dsr.controller, kind=Policy.Kind.PRIVACY).first()
    if policy is None:
        return None
    language = policy_language(policy=policy, requested=dsr.language)
    return policy_version_in_force(policy=policy, language=language)


def art15_context(dsr: DataSubjectRequest) -> dict:
    version = _version_in_force(dsr)
    # Without a published policy the letter falls back to the live register, and says so.
    snapshot = version.register_snapshot if version else register_snapshot(dsr.controller)
    with translation.override(dsr.language):
        context = document_context({**snapshot, "sections": []})
    return {"dsr": dsr, "version": version, "today": clock.today(), **context}


def art15_html(dsr: DataSubjectRequest) -> str:
    with translation.override(dsr.language):
        return render_to_string("requests_app/art15_letter.html", art15_context(dsr))


def art15_pdf(dsr: DataSubjectRequest) -> bytes:
    with translation.override(dsr.language):
        title = str(translation.gettext("Information under Art. 15 GDPR"))
    return render_pdf(html=mark_safe(art15_html(dsr)), title=title, language=dsr.language)  # noqa: S308
