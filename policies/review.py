"""Reads for reviewing a policy outside the browser (`manage.py render_policy`): a published
version as HTML, text or PDF, or the document the register would generate now."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from controllers.models import Controller
from gdpr_portal import clock
from gdpr_portal.links import absolute_url

from .choices import VersionOrigin
from .models import Policy, PolicyVersion
from .rendering import render_document_html
from .snapshot import register_snapshot, version_snapshot


def document_now(*, controller: Controller, language: str) -> PolicyVersion:
    """An unsaved version holding the HTML the register would give today: the newest draft's
    text, else the newest generated version's free text, with the register as it is now.
    Nothing is stored."""
    policy = Policy.objects.filter(controller=controller, kind=Policy.Kind.PRIVACY).first()
    versions = (
        policy.versions.filter(language=language).order_by("-number")
        if policy is not None
        else PolicyVersion.objects.none()
    )
    draft = versions.filter(status=PolicyVersion.Status.DRAFT).first()
    if draft is not None:
        snapshot = version_snapshot(draft)
        version = draft
    else:
        base = versions.filter(origin=VersionOrigin.GENERATED).first()
        snapshot = register_snapshot(controller)
        snapshot["sections"] = (
            [{"topic": s.topic, "title": s.title, "body": s.body} for s in base.sections.all()]
            if base
            else []
        )
        with translation.override(language):
            title = base.title if base else _("Privacy policy")
        latest = versions.first()
        version = PolicyVersion(
            policy=policy or Policy(controller=controller),
            number=(latest.number if latest else 0) + 1,
            language=language,
            title=title,
            effective_date=clock.today(),
        )
    with translation.override(language):
        url = absolute_url(reverse("requests_app:new", args=[controller.slug]))
    version.html = render_document_html(snapshot=snapshot, version=version, request_url=url)
    return version
