"""Named reads of published policies."""

import datetime

from django.db.models import QuerySet
from django.http import Http404

from controllers.models import Controller

from .models import Policy, PolicyVersion


def policy_get_public(*, slug: str, kind: str = Policy.Kind.PRIVACY) -> Policy:
    policy = (
        Policy.objects.select_related("controller").filter(controller__slug=slug, kind=kind).first()
    )
    if policy is None:
        if not Controller.objects.filter(slug=slug).exists():
            raise Http404
        raise Http404("No policy published yet")
    return policy


def policy_language(*, policy: Policy, requested: str) -> str:
    """The language shown: the requested one when a version is published in it, else the
    controller's own language (the seeds publish in Bulgarian only)."""
    if policy.versions.public().filter(language=requested).exists():
        return requested
    return policy.controller.default_language


def policy_versions_public(*, policy: Policy, language: str) -> QuerySet[PolicyVersion]:
    return policy.versions.public().filter(language=language).order_by("-number")


def policy_version_in_force(
    *, policy: Policy, language: str, on: datetime.date | None = None
) -> PolicyVersion | None:
    versions = policy.versions.filter(language=language)
    if on is None:
        return versions.filter(status=PolicyVersion.Status.PUBLISHED).first()
    return versions.in_force_on(on).first()


def policy_version_get_public(*, policy: Policy, language: str, number: int) -> PolicyVersion:
    version = policy.versions.public().filter(language=language, number=number).first()
    if version is None:
        raise Http404
    return version


def controller_has_public_policy(*, controller: Controller) -> bool:
    return PolicyVersion.objects.public().filter(policy__controller=controller).exists()


def policy_languages_public(*, policy: Policy) -> set[str]:
    """The languages in which some version of `policy` is public."""
    return set(policy.versions.public().values_list("language", flat=True).distinct())
