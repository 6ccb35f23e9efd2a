"""Public pages of published policies: in force, by date, by version, PDF, history, diff, feed
and subscriptions. Published versions are frozen, so their pages answer conditional GETs."""

import datetime
import hashlib

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_http_methods, require_safe

from controllers.models import controller_name_in
from gdpr_portal import clock, ratelimit
from gdpr_portal.public_cache import public_page

from . import selectors, services
from .diff import block_diff
from .forms import SubscriptionForm
from .models import PolicyVersion
from .stated_dates import stated_date_text


def _language(request: HttpRequest, policy) -> str:
    return selectors.policy_language(policy=policy, requested=get_language())


def _parse_on(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(value) from None


def _resolve(request: HttpRequest, slug: str, number: int | None = None) -> PolicyVersion | None:
    """The version a request asks for, cached on the request for the conditional-GET hooks."""
    key = (slug, number, request.GET.get("on"))
    cache = getattr(request, "_policy_versions", {})
    if key not in cache:
        policy = selectors.policy_get_public(slug=slug)
        language = _language(request, policy)
        if number is not None:
            version = selectors.policy_version_get_public(
                policy=policy, language=language, number=number
            )
        else:
            try:
                on = _parse_on(request.GET.get("on"))
            except ValueError:
                version = None
            else:
                version = selectors.policy_version_in_force(policy=policy, language=language, on=on)
        cache[key] = version
        request._policy_versions = cache
    return cache[key]


def _etag(request, slug, number=None, suffix="html"):
    version = _resolve(request, slug, number)
    if version is None:
        return None
    # The page changes with where the version stands (scheduled, in force, earlier, withdrawn)
    # and with the version in force that it links to.
    state = f"{selectors.policy_version_standing(version=version)}:{version.in_force_number}"
    digest = hashlib.sha256(
        f"{version.pk}:{state}:{version.pdf_sha256}:{get_language()}:{suffix}".encode()
    ).hexdigest()[:32]
    return digest


def _last_modified(request, slug, number=None):
    """The last time the page's content changed: publication, withdrawal, or the start of the
    effective day (when a scheduled version came into force)."""
    version = _resolve(request, slug, number)
    if version is None:
        return None
    moments = [version.published_at, version.withdrawn_at]
    took_effect = datetime.datetime.combine(
        version.effective_date, datetime.time(), tzinfo=clock.zone()
    )
    if took_effect <= clock.now():
        moments.append(took_effect)
    return max(m for m in moments if m is not None)


def _render_version(request, version, *, on=None):
    policy = version.policy
    # The page names the controller as the frozen version does, so the whole page stays
    # byte-identical whatever the register says later.
    frozen = version.register_snapshot["controller"]
    return render(
        request,
        "policies/policy_detail.html",
        {
            "controller": policy.controller,
            "frozen_name": controller_name_in(
                get_language(),
                legal_name=frozen["legal_name"],
                short_name=frozen["short_name"],
                name_en=frozen.get("name_en", ""),
            ),
            "policy": policy,
            "version": version,
            "standing": selectors.policy_version_standing(version=version),
            "on": on,
            "language_fallback": version.language != get_language(),
            "other_languages": _other_languages(policy, version.language),
        },
    )


# Each in the language it leads to, so that a reader of that language recognises it.
READ_IN = {
    "bg": gettext_lazy("Read this policy in Bulgarian"),
    "en": gettext_lazy("Read this policy in English"),
}


def _other_languages(policy, shown: str) -> list[dict]:
    """Links to the policy in the other languages it is published in."""
    links = []
    for code in sorted(selectors.policy_languages_public(policy=policy) - {shown}):
        with translation.override(code):
            links.append(
                {
                    "code": code,
                    "label": str(READ_IN.get(code, code)),
                    "url": reverse("policies:current", args=[policy.controller.slug]),
                }
            )
    return links


# Published versions never change and the version in force changes only on publication: the
# public pages are cached whole for a minute by each app process and served to visitors without
# a session before the rest of the middleware runs (gdpr_portal/public_cache.py), conditional
# requests answered from the cached ETag.
PUBLIC_CACHE_SECONDS = 60


@require_safe
@public_page(PUBLIC_CACHE_SECONDS)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def policy_current(request: HttpRequest, slug: str) -> HttpResponse:
    policy = selectors.policy_get_public(slug=slug)
    raw_on = request.GET.get("on")
    try:
        on = _parse_on(raw_on)
    except ValueError:
        return render(
            request,
            "policies/policy_bad_date.html",
            {"controller": policy.controller, "value": raw_on},
            status=400,
        )
    version = _resolve(request, slug)
    if version is None:
        # A version published but not yet in force is named, with the day it comes into force.
        scheduled = selectors.policy_version_scheduled(
            policy=policy, language=_language(request, policy), on=on
        )
        return render(
            request,
            "policies/policy_none.html",
            {"controller": policy.controller, "on": on, "scheduled": scheduled},
            status=404,
        )
    return _render_version(request, version, on=on)


@require_safe
@public_page(PUBLIC_CACHE_SECONDS)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def policy_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _render_version(request, _resolve(request, slug, number))


def _pdf_etag(request, slug, number):
    return _etag(request, slug, number, suffix="pdf")


@require_safe
@public_page(PUBLIC_CACHE_SECONDS)
@condition(etag_func=_pdf_etag, last_modified_func=_last_modified)
def policy_pdf(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The PDF made once at publication, served from storage (whole, so it can be cached)."""
    version = _resolve(request, slug, number)
    with version.pdf.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{version.pdf_filename()}"'
    return response


@require_safe
def policy_history(request: HttpRequest, slug: str) -> HttpResponse:
    policy = selectors.policy_get_public(slug=slug)
    language = _language(request, policy)
    versions = list(selectors.policy_versions_public(policy=policy, language=language))
    rows = [
        {
            "version": v,
            "standing": selectors.policy_version_standing(version=v),
            "previous": versions[i + 1] if i + 1 < len(versions) else None,
        }
        for i, v in enumerate(versions)
    ]
    return render(
        request,
        "policies/policy_history.html",
        {"controller": policy.controller, "policy": policy, "rows": rows},
    )


@require_safe
def policy_diff(request: HttpRequest, slug: str, a: int, b: int) -> HttpResponse:
    policy = selectors.policy_get_public(slug=slug)
    language = _language(request, policy)
    old = selectors.policy_version_get_public(policy=policy, language=language, number=a)
    new = selectors.policy_version_get_public(policy=policy, language=language, number=b)
    rows = block_diff(old.html, new.html)
    return render(
        request,
        "policies/policy_diff.html",
        {
            "controller": policy.controller,
            "old": old,
            "new": new,
            "rows": rows,
            "changes": sum(1 for row in rows if row["op"] != "equal"),
        },
    )


class PolicyFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        policy = selectors.policy_get_public(slug=slug)
        # Kept on the object: the Feed instance is shared by every request.
        policy.feed_language = _language(request, policy)
        policy.feed_language_shown = get_language()
        return policy

    def title(self, policy):
        return _("%(controller)s: privacy policy versions") % {
            "controller": policy.controller.name_in(policy.feed_language_shown)
        }

    def link(self, policy):
        return reverse("policies:history", args=[policy.controller.slug])

    def subtitle(self, policy):
        return _("New versions of the privacy policy of %(controller)s.") % {
            "controller": policy.controller.legal_name
        }

    def items(self, policy):
        return selectors.policy_versions_public(policy=policy, language=policy.feed_language)[:50]

    def item_title(self, version):
        standing = selectors.policy_version_standing(version=version)
        date = version.effective_date.isoformat()
        if standing == PolicyVersion.Standing.WITHDRAWN:
            title = _("Version %(number)d, withdrawn")
        elif version.is_imported:
            title = _("Version %(number)d, as published by the controller (date stated: %(date)s)")
            date = stated_date_text(version.stated_date, version.stated_date_precision)
        elif standing == PolicyVersion.Standing.SCHEDULED:
            title = _("Version %(number)d, comes into force on %(date)s")
        else:
            title = _("Version %(number)d, in force from %(date)s")
        return title % {"number": version.number, "date": date}

    def item_description(self, version):
        if version.status == PolicyVersion.Status.WITHDRAWN:
            return _("Withdrawn: %(reason)s") % {"reason": version.withdrawal_reason}
        return version.change_summary or version.title

    def item_link(self, version):
        return reverse("policies:version", args=[version.policy.controller.slug, version.number])

    def item_pubdate(self, version):
        return version.published_at

    def item_updateddate(self, version):
        # A withdrawal updates the entry, so feed readers show it again.
        return version.withdrawn_at or version.published_at


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    policy = selectors.policy_get_public(slug=slug)
    form = SubscriptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Only what would be stored counts, every limit in one statement (the form holds one
        # address and no uploads: a wrong one costs nothing worth limiting).
        email, hour = form.cleaned_data["email"], datetime.timedelta(hours=1)
        if retry_at := ratelimit.refused_until(
            [
                ("subscribe-ip", ratelimit.client_ip(request), 10, hour),
                ("subscribe-email", email, 3, datetime.timedelta(days=1)),
                *ratelimit.mail_limits(request, email),
            ]
        ):
            return ratelimit.too_many(request, retry_at)
        services.subscription_request(policy=policy, email=email, language=get_language())
        messages.success(
            request,
            _(
                "Thank you. We have sent a confirmation link to %(email)s: the subscription "
                "starts when you follow it."
            )
            % {"email": form.cleaned_data["email"]},
        )
        # To a page no one caches (the policy page may sit fresh in the browser's cache, which
        # would hold the message back until some later page).
        return redirect("policies:history", slug=slug)
    return render(
        request,
        "policies/subscribe.html",
        {"controller": policy.controller, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners that fetch links must not confirm by themselves.
    policy = selectors.policy_get_public(slug=slug)
    if request.method == "POST":
        subscription = services.subscription_confirm(token=token)
        if subscription is not None:
            messages.success(request, _("Your subscription is confirmed."))
            return redirect("policies:history", slug=slug)
        return render(
            request,
            "policies/subscription_invalid.html",
            {"controller": policy.controller},
            status=404,
        )
    if not services.subscription_pending(token=token):
        return render(
            request,
            "policies/subscription_invalid.html",
            {"controller": policy.controller},
            status=404,
        )
    return render(request, "policies/subscription_confirm.html", {"controller": policy.controller})


# RFC 8058: mail clients POST to the List-Unsubscribe address with no CSRF token. The
# unguessable token in the URL is the only authority needed, and it can only unsubscribe.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    # POST is the one-click unsubscribe of RFC 8058; GET shows the same action as a button.
    policy = selectors.policy_get_public(slug=slug)
    if request.method == "POST":
        services.subscription_cancel(token=token)
        return render(request, "policies/unsubscribed.html", {"controller": policy.controller})
    return render(request, "policies/unsubscribe.html", {"controller": policy.controller})
