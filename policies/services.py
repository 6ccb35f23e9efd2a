"""Writes of the policies app: drafts, publishing, and subscriptions to new versions."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from controllers.models import Controller
from gdpr_portal import clock, permissions
from gdpr_portal.links import absolute_url
from gdpr_portal.mail import one_line, render_text
from gdpr_portal.pdf import render_pdf
from gdpr_portal.permissions import Action

from .choices import DatePrecision, VersionOrigin
from .compliance import Finding, check_policy, has_errors
from .models import Policy, PolicySection, PolicySubscription, PolicyVersion
from .originals import first_heading, original_html, render_original_html
from .rendering import render_document_html, sha256
from .selectors import policy_version_in_force
from .snapshot import register_snapshot, version_snapshot
from .stated_dates import effective_from, normalise

SUBSCRIPTION_CONFIRM_DAYS = 7


class PublishRefused(Exception):
    """The compliance check found errors (which block: no reason lifts them), or warnings that
    nobody accepted with a reason."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        self.blocked = has_errors(findings)
        super().__init__(
            _("The compliance check found errors: correct them before publishing.")
            if self.blocked
            else _("The compliance check found warnings: accept them with a reason.")
        )


def policy_get_or_create(*, controller: Controller, kind: str = Policy.Kind.PRIVACY) -> Policy:
    policy, _created = Policy.objects.get_or_create(controller=controller, kind=kind)
    return policy


@transaction.atomic
def policy_version_create_draft(
    *,
    policy: Policy,
    author,
    language: str,
    title: str,
    effective_date: datetime.date,
    change_summary: str = "",
    sections: list[dict] | None = None,
    copy_sections_from: PolicyVersion | None = None,
) -> PolicyVersion:
    if author is not None and not permissions.can(author, Action.PUBLISH_POLICY, policy.controller):
        raise PermissionDenied
    # Lock the policy so two editors never take the same number.
    Policy.objects.select_for_update().get(pk=policy.pk)
    last = policy.versions.filter(language=language).aggregate(n=Max("number"))["n"] or 0
    version = PolicyVersion(
        policy=policy,
        number=last + 1,
        language=language,
        title=title,
        effective_date=effective_date,
        change_summary=change_summary,
        author=author,
    )
    version.full_clean()
    version.save()
    if copy_sections_from is not None:
        sections = [
            {"topic": s.topic, "title": s.title, "body": s.body}
            for s in copy_sections_from.sections.all()
        ]
    for position, section in enumerate(sections or []):
        row = PolicySection(
            version=version,
            position=position,
            topic=section["topic"],
            title=section.get("title", ""),
            body=section["body"],
        )
        row.full_clean()
        row.save()
    return version


def policy_version_check(*, version: PolicyVersion) -> list[Finding]:
    """The compliance findings of a draft against the register as it is now, in the reader's
    language (the findings stored at publication are in the version's language)."""
    return check_policy(version_snapshot(version))


def _request_form(controller: Controller, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("requests_app:new", args=[controller.slug]))


def _refuse_backdating(version: PolicyVersion, now: datetime.datetime) -> None:
    # A citizen relies on the text in force: a new version may not have been in force on a day
    # it was not yet public. Only an import of what the controller already published may be.
    if version.effective_date < clock.day_of(now):
        message = _("A new version cannot take effect before the day it is published.")
        raise ValidationError({"effective_date": message})


def policy_publish(
    *,
    version: PolicyVersion,
    publisher,
    warnings_reason: str = "",
    now=None,
    backdated_import: bool = False,
) -> PolicyVersion:
    """Freeze the version's HTML, register data and PDF and queue the notices to subscribers:
    all or nothing. The version is scheduled until its effective date, then in force
    (`PolicyVersionQuerySet.in_force_on`); nothing else changes. Errors in the compliance
    check refuse it; warnings need `warnings_reason`, recorded on the version.
    `backdated_import` is for the import of a policy the controller already published, which
    may be effective in the past."""
    controller = version.policy.controller
    if not permissions.can(publisher, Action.PUBLISH_POLICY, controller):
        raise PermissionDenied
    if not version.is_draft:
        raise ValidationError(_("Only a draft can be published."))
    now = now or clock.now()
    if not backdated_import:
        _refuse_backdating(version, now)

    # Render outside the transaction: the PDF takes a while and needs no lock.
    snapshot = version_snapshot(version)
    with translation.override(version.language):
        findings = check_policy(snapshot)
    if has_errors(findings) or (findings and not warnings_reason.strip()):
        raise PublishRefused(findings)
    html = render_document_html(
        snapshot=snapshot,
        version=version,
        request_url=_request_form(controller, version.language),
    )
    pdf = render_pdf(html=html, title=version.title, language=version.language)

    with transaction.atomic():
        locked = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if not locked.is_draft:
            raise ValidationError(_("Only a draft can be published."))
        if not backdated_import:
            _refuse_backdating(locked, now)
        locked.status = PolicyVersion.Status.PUBLISHED
        locked.publisher = publisher
        locked.published_at = now
        locked.html = html
        locked.register_snapshot = snapshot
        locked.findings = [f.as_dict() for f in findings]
        locked.warnings_reason = warnings_reason.strip() if findings else ""
        locked.pdf_sha256 = sha256(pdf)
        locked.pdf.save(locked.pdf_filename(), ContentFile(pdf), save=False)
        try:
            locked.save()
            _queue_new_version_notices(locked)
        except Exception:
            locked.pdf.delete(save=False)
            raise
    return locked


@transaction.atomic
def policy_version_withdraw(*, version: PolicyVersion, actor, reason: str) -> PolicyVersion:
    """Withdraw a published version (scheduled or in force): it stays public at its URL with
    the reason, is no longer in force, and the version before it is in force again. Who, when
    and why are recorded on the version, as publication is; subscribers are told."""
    if not permissions.can(actor, Action.PUBLISH_POLICY, version.policy.controller):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"withdrawal_reason": _("Give the reason for the withdrawal.")})
    locked = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != PolicyVersion.Status.PUBLISHED:
        raise ValidationError(_("Only a published version can be withdrawn."))
    locked.status = PolicyVersion.Status.WITHDRAWN
    locked.withdrawn_at = clock.now()
    locked.withdrawn_by = actor
    locked.withdrawal_reason = reason
    locked.save(allow_frozen=True)
    _queue_withdrawal_notices(locked)
    return locked


def _send(*, to: str, template: str, context: dict, language: str, headers=None) -> None:
    """A plain-text mail (never HTML-escaped) in the subscriber's language, from the controller's
    sender with its reply-to."""
    with translation.override(language):
        subject = one_line(render_text(f"policies/email/{template}_subject.txt", context))
        body = render_text(f"policies/email/{template}.txt", context)
    sender, reply_to = context["controller"].mail_sender(language)
    message = EmailMultiAlternatives(
        subject, body, from_email=sender, to=[to], reply_to=reply_to, headers=headers or {}
    )
    message.send()


def _subscription_urls(subscription: PolicySubscription) -> dict:
    slug = subscription.policy.controller.slug
    with translation.override(subscription.language):
        return {
            "confirm_url": absolute_url(
                reverse("policies:subscription_confirm", args=[slug, subscription.token])
            ),
            "unsubscribe_url": absolute_url(
                reverse("policies:unsubscribe", args=[slug, subscription.token])
            ),
        }


def _queue_new_version_notices(version: PolicyVersion) -> None:
    subscriptions = version.policy.subscriptions.filter(confirmed_at__isnull=False).select_related(
        "policy__controller"
    )
    controller = version.policy.controller
    for subscription in subscriptions:
        urls = _subscription_urls(subscription)
        version_url = _version_url(version, subscription.language)
        _send(
            to=subscription.email,
            template="new_version",
            language=subscription.language,
            context={
                "controller": controller,
                "version": version,
                "scheduled": version.effective_date > clock.day_of(version.published_at),
                "version_url": version_url,
                **urls,
            },
            # RFC 2369 and RFC 8058: one click in the mail client unsubscribes.
            headers={
                "List-Unsubscribe": f"<{urls['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


def _version_url(version: PolicyVersion, language: str) -> str:
    with translation.override(language):
        return absolute_url(
            reverse("policies:version", args=[version.policy.controller.slug, version.number])
        )


def _queue_withdrawal_notices(version: PolicyVersion) -> None:
    """Subscribers were told of the version: they are told it is withdrawn, and which version is
    in force instead (the rule's one answer, asked after the withdrawal)."""
    in_force = policy_version_in_force(policy=version.policy, language=version.language)
    subscriptions = version.policy.subscriptions.filter(confirmed_at__isnull=False)
    for subscription in subscriptions:
        urls = _subscription_urls(subscription)
        _send(
            to=subscription.email,
            template="withdrawn",
            language=subscription.language,
            context={
                "controller": version.policy.controller,
                "version": version,
                "version_url": _version_url(version, subscription.language),
                "in_force": in_force,
                "in_force_url": _version_url(in_force, subscription.language) if in_force else None,
                **urls,
            },
            headers={
                "List-Unsubscribe": f"<{urls['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


@transaction.atomic
def subscription_request(*, policy: Policy, email: str, language: str) -> PolicySubscription:
    """Record the address unconfirmed and mail it a confirmation link (double opt-in). The
    answer is the same whether or not the address was already subscribed."""
    email = email.strip().lower()
    subscription, created = PolicySubscription.objects.get_or_create(
        policy=policy, email=email, defaults={"language": language}
    )
    if subscription.confirmed_at is None:
        if not created:
            # A fresh link and a fresh clock for a repeated request.
            subscription.token = PolicySubscription._meta.get_field("token").default()
            subscription.language = language
            subscription.created_at = clock.now()
            subscription.save()
        _send(
            to=email,
            template="subscription_confirm",
            language=language,
            context={
                "controller": policy.controller,
                "days": SUBSCRIPTION_CONFIRM_DAYS,
                **_subscription_urls(subscription),
            },
        )
    return subscription


def subscription_pending(*, token: str) -> bool:
    """Whether a confirmation link can still be used (for the page that shows its button)."""
    deadline = clock.now() - datetime.timedelta(days=SUBSCRIPTION_CONFIRM_DAYS)
    return (
        PolicySubscription.objects.filter(token=token)
        .filter(models.Q(confirmed_at__isnull=False) | models.Q(created_at__gte=deadline))
        .exists()
    )


def subscription_confirm(*, token: str) -> PolicySubscription | None:
    """Confirm by the emailed token; None when it is unknown or has expired."""
    subscription = PolicySubscription.objects.filter(token=token).first()
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        deadline = subscription.created_at + datetime.timedelta(days=SUBSCRIPTION_CONFIRM_DAYS)
        if clock.now() > deadline:
            return None
        subscription.confirmed_at = clock.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_cancel(*, token: str) -> bool:
    """Unsubscribe: the address is deleted, not kept flagged."""
    deleted, _details = PolicySubscription.objects.filter(token=token).delete()
    return deleted > 0


def policy_import_original(
    *,
    controller: Controller,
    text: str,
    format: str,  # the name the command and the register format use
    language: str,
    stated_date: datetime.date | None,
    precision: str,
    actor,
    title: str = "",
    change_summary: str = "",
    now: datetime.datetime | None = None,
) -> PolicyVersion:
    """Publish the policy a controller already has, as it published it: a read-only version
    marked "as published by the controller", its text kept word for word (policies/
    originals.py), dated as the controller dated it (policies/stated_dates.py). All or
    nothing: a refused text or date stores nothing. Raises ValidationError or
    PermissionDenied."""
    if actor is not None and not permissions.can(actor, Action.PUBLISH_POLICY, controller):
        raise PermissionDenied
    if precision not in DatePrecision.values:
        raise ValidationError(
            {"stated_date_precision": _("Choose day, month, year or none.")}, code="precision"
        )
    if precision != DatePrecision.NONE and stated_date is None:
        raise ValidationError({"stated_date": _("Give the date the controller states.")})
    now = now or clock.now()
    body = original_html(text, format)
    stated = normalise(stated_date, precision)
    effective = effective_from(stated, precision, clock.day_of(now))
    if not title.strip():
        with translation.override(language):
            title = first_heading(body) or _("Privacy policy")
    with transaction.atomic():
        policy = policy_get_or_create(controller=controller)
        # Lock the policy so two imports never take the same number.
        Policy.objects.select_for_update().get(pk=policy.pk)
        last = policy.versions.filter(language=language).aggregate(n=Max("number"))["n"] or 0
        snapshot = {**register_snapshot(controller), "sections": []}
        version = PolicyVersion(
            policy=policy,
            number=last + 1,
            language=language,
            title=title.strip()[:255],
            effective_date=effective,
            change_summary=change_summary,
            origin=VersionOrigin.IMPORTED,
            stated_date=stated,
            stated_date_precision=precision,
            original_text=text,
            original_format=format,
            author=actor,
            publisher=actor,
            published_at=now,
            register_snapshot=snapshot,
        )
        version.full_clean()
        version.html = render_original_html(
            version=version, body=body, controller=snapshot["controller"]
        )
        pdf = render_pdf(html=version.html, title=version.title, language=language)
        # Published like any version; where it stands follows from its date (in_force_on): an
        # older text imported late is an earlier version, never in force again.
        version.status = PolicyVersion.Status.PUBLISHED
        version.pdf_sha256 = sha256(pdf)
        version.pdf.save(version.pdf_filename(), ContentFile(pdf), save=False)
        try:
            version.save()
            in_force = policy_version_in_force(
                policy=policy, language=language, on=clock.day_of(now)
            )
            if in_force is not None and in_force.pk == version.pk:
                _queue_new_version_notices(version)
        except Exception:
            version.pdf.delete(save=False)
            raise
    return version
