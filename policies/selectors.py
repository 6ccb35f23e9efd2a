"""Named reads of published policies."""

import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from controllers.models import Controller
from gdpr_portal import clock

from .compliance import check_original, check_policy
from .models import Policy, PolicyVersion
from .snapshot import register_snapshot, version_snapshot


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
    """Every public version, newest first, each with `in_force_number` (see
    `policy_version_standing`), in one query."""
    return (
        policy.versions.public()
        .filter(language=language)
        .annotate(in_force_number=_in_force_number(clock.today()))
        .order_by("-number")
    )


def _in_force_number(on: datetime.date) -> Subquery:
    return Subquery(
        PolicyVersion.objects.filter(policy=OuterRef("policy"), language=OuterRef("language"))
        .in_force_on(on)
        .values("number")[:1]
    )


def policy_version_in_force(
    *, policy: Policy, language: str, on: datetime.date | None = None
) -> PolicyVersion | None:
    """The version of `policy` in force on `on` (today when not given): the one answer for the
    default page, `?on=`, history, feed, mail, the Art. 15 pack and the controller's page."""
    on = on or clock.today()
    today = clock.today()
    return (
        policy.versions.filter(language=language)
        .in_force_on(on)
        # Where it stands today, for a page of `?on=` a past day (same query).
        .annotate(in_force_number=_in_force_number(today))
        .first()
    )


def policy_version_scheduled(
    *, policy: Policy, language: str, on: datetime.date | None = None
) -> PolicyVersion | None:
    """The next published version that is not yet in force on `on` (today when not given)."""
    on = on or clock.today()
    return policy.versions.filter(language=language).scheduled_on(on).first()


def policy_version_get_public(*, policy: Policy, language: str, number: int) -> PolicyVersion:
    """A public version by number, with `in_force_number`: the number of the version in force
    today in its language (in the same query, so its page costs no more than before)."""
    version = (
        policy.versions.public()
        .filter(language=language, number=number)
        .annotate(in_force_number=_in_force_number(clock.today()))
        .first()
    )
    if version is None:
        raise Http404
    return version


def policy_version_standing(*, version: PolicyVersion, on: datetime.date | None = None) -> str:
    """Where `version` stands on `on` (today when not given), by `policy_version_in_force`;
    a version annotated with `in_force_number` for today costs no query."""
    on = on or clock.today()
    if hasattr(version, "in_force_number") and on == clock.today():
        in_force_number = version.in_force_number
    else:
        in_force = policy_version_in_force(policy=version.policy, language=version.language, on=on)
        in_force_number = in_force.number if in_force else None
    return version.standing_on(on, in_force_number)


def controller_policy_versions(*, controller: Controller) -> dict:
    """For the controller's page: the privacy policy's version in force today in the
    controller's own language and, only when none is, the next scheduled one."""
    versions = PolicyVersion.objects.filter(
        policy__controller=controller,
        policy__kind=Policy.Kind.PRIVACY,
        language=controller.default_language,
    )
    today = clock.today()
    in_force = versions.in_force_on(today).first()
    scheduled = None if in_force else versions.scheduled_on(today).first()
    return {"in_force": in_force, "scheduled": scheduled}


def policy_languages_public(*, policy: Policy) -> set[str]:
    """The languages in which some version of `policy` is public."""
    return set(policy.versions.public().values_list("language", flat=True).distinct())


def policy_version_findings(*, version: PolicyVersion, snapshots: dict | None = None) -> list[dict]:
    """The compliance findings staff see on a version: a draft's against the register as it
    is now; an imported text's read from its words (the register says which rights apply and
    which cookies are set); a generated published version's as frozen at publication.
    `snapshots` caches register snapshots by controller for a list of versions."""
    if version.is_draft:
        return [f.as_dict() for f in check_policy(version_snapshot(version))]
    if not version.is_imported:
        return version.findings
    controller = version.policy.controller
    cache = snapshots if snapshots is not None else {}
    if controller.pk not in cache:
        cache[controller.pk] = register_snapshot(controller)
    return [f.as_dict() for f in check_original(version.original_text, cache[controller.pk])]
