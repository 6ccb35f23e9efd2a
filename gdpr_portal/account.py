"""Changes to a staff account's credentials (issue 19): setting up or switching off two-factor
sign-in, new recovery codes, a new password. Each needs the password typed again within
REAUTH_MAX_AGE_SECONDS, is recorded (`AccountEvent`: who, what, when, never a secret), and ends
the account's other sessions, so that whoever took over one of them is signed out.

The pages are django-two-factor-auth's and the admin's; they are recognised by their URL names,
and whether they changed anything by comparing the account's credentials before and after."""

import time

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, user_logged_in
from django.contrib.sessions.models import Session
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user

from . import clock
from .models import AccountEvent

SESSION_KEY = "_reauthenticated_at"

# URL name → what a change made through it is recorded as.
SENSITIVE_VIEWS = {
    "two_factor:setup": AccountEvent.Action.TWO_FACTOR_ENABLED,
    "two_factor:disable": AccountEvent.Action.TWO_FACTOR_DISABLED,
    "two_factor:backup_tokens": AccountEvent.Action.RECOVERY_CODES,
    "admin:password_change": AccountEvent.Action.PASSWORD_CHANGED,
    "admin:auth_user_password_change": AccountEvent.Action.PASSWORD_SET,
}


def mark_reauthenticated(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = int(time.time())


def recently_authenticated(request: HttpRequest) -> bool:
    at = request.session.get(SESSION_KEY)
    return at is not None and time.time() - at <= settings.REAUTH_MAX_AGE_SECONDS


@receiver(user_logged_in, dispatch_uid="gdpr_portal.account.signed_in")
def _signing_in_is_authenticating(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_reauthenticated(request)


def _credentials(user_id) -> tuple:
    """What the sensitive pages change, to compare before and after (kept in memory only)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return ()
    state = [user.password]
    for device in devices_for_user(user, confirmed=None):
        state.append((device.persistent_id, device.confirmed, getattr(device, "key", None)))
        if hasattr(device, "token_set"):
            state.append(tuple(device.token_set.order_by("pk").values_list("pk", flat=True)))
    return tuple(state)


def end_other_sessions(user, *, keep: str | None) -> int:
    """Delete every session of `user` but `keep` (the one making the change); their number."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if session.session_key == keep:
            continue
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


class SensitiveAccountChangesMiddleware:
    """Asks for the password before the sensitive pages open, and records what they changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        watched = getattr(request, "_account_change", None)
        if watched is not None and request.method == "POST":
            action, subject_id, before = watched
            if _credentials(subject_id) != before:
                _record(request, action, subject_id)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        action = SENSITIVE_VIEWS.get(match.view_name if match else "")
        if action is None or not request.user.is_authenticated:
            return None
        if not recently_authenticated(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('confirm_password')}?{query}")
        subject_id = view_kwargs.get("id", request.user.pk)
        request._account_change = (action, subject_id, _credentials(subject_id))
        return None


def _record(request: HttpRequest, action: str, subject_id) -> None:
    subject = get_user_model().objects.get(pk=subject_id)
    # The session making the change stays (for a new password, Django's view has already moved
    # it to the new password's hash); every other session of the account ends.
    keep = request.session.session_key if subject.pk == request.user.pk else None
    ended = end_other_sessions(subject, keep=keep)
    AccountEvent.objects.create(
        actor=request.user,
        actor_username=request.user.get_username(),
        subject=subject,
        subject_username=subject.get_username(),
        action=action,
        at=clock.now(),
        other_sessions_ended=ended,
    )


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": _("Enter your password.")},
    )


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_password(request: HttpRequest) -> HttpResponse:
    """Type the password again before a change to the account's sign-in. Wrong passwords count
    towards django-axes' lock-out like any failed sign-in."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    target = request.POST.get("next") or request.GET.get("next") or reverse("two_factor:profile")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("two_factor:profile")
    form = ConfirmPasswordForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = authenticate(
            request, username=request.user.get_username(), password=form.cleaned_data["password"]
        )
        if user is not None and user.pk == request.user.pk:
            mark_reauthenticated(request)
            return redirect(target)
        form.add_error("password", _("This is not your password."))
    return render(
        request,
        "account/confirm_password.html",
        {
            "form": form,
            "next": target,
            "minutes": settings.REAUTH_MAX_AGE_SECONDS // 60,
        },
        status=400 if form.is_bound else 200,
    )
