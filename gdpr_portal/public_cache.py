"""Published pages served whole from each app process's cache to visitors without a session,
before the rest of the middleware stack runs.

A view opts in with `@public_page(seconds)`. Its 200 answers to GET are kept only when they are
the same for every visitor: no cookie set, no `Vary: Cookie` (a view that read the session or
the user gets one from Django), no `private` or `no-store`, and no query string (`?x=1`, `?x=2`…
would each take a place in the cache). A hit answers conditional requests (ETag,
Last-Modified) itself and touches neither the session nor the database, so a published policy
stays readable while the database is away.
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    get_conditional_response,
    patch_response_headers,
)
from django.utils.http import parse_http_date_safe

KEY_PREFIX = "public-page:"
# The language of a page comes from its path, never from the header (LocaleMiddleware adds
# `Vary: Accept-Language` to unprefixed Bulgarian paths all the same).
HARMLESS_VARY = {"accept-language"}
# A visitor with a session, or with a message waiting to be shown, gets the page rendered for
# them, and told that no one else may keep it.
PERSONAL_COOKIES = frozenset({settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name})


def is_personal(request) -> bool:
    return not PERSONAL_COOKIES.isdisjoint(request.COOKIES)


def _is_shareable(request) -> bool:
    return request.method == "GET" and not request.META.get("QUERY_STRING")


def public_page(seconds: int):
    """Mark a view's answers as the same for every visitor for `seconds`: browsers may keep
    them that long (Cache-Control, Expires) and PublicPageCacheMiddleware serves them."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if is_personal(request):
                # Perhaps showing a message meant for this visitor only.
                add_never_cache_headers(response)
                return response
            if response.status_code in (200, 304):
                patch_response_headers(response, seconds)
            if response.status_code == 200 and _is_shareable(request):
                response.public_cache_seconds = seconds
            return response

        return wrapped

    return decorator


def _key(request) -> str:
    # The host is checked against ALLOWED_HOSTS as ever (`get_host`); the query string is
    # empty (only such requests are shared).
    url = f"{request.scheme}://{request.get_host()}{request.path}"
    return KEY_PREFIX + hashlib.sha256(url.encode()).hexdigest()


# A request that asks for a conditional answer names one of these; most ask for none.
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
MAX_AGE = re.compile(r"max-age=\d+")


def _storable(response) -> bool:
    if not getattr(response, "public_cache_seconds", 0) or response.status_code != 200:
        return False
    if response.streaming or response.cookies:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if not vary <= HARMLESS_VARY:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return "private" not in cache_control and "no-store" not in cache_control


class PublicPageCacheMiddleware:
    """Placed before the session middleware: staff with a session, and visitors with a message
    waiting, always get a fresh page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_shareable(request) or is_personal(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            response, expires = stored
            # Browsers may keep it only for what is left of the server's minute: its Expires
            # is that moment already, its max-age is counted down (the stored page was given
            # one by `public_page`; this is the hottest path of the portal, hence no parsing).
            left = f"max-age={max(0, int(expires - time.time()))}"
            response["Cache-Control"] = MAX_AGE.sub(left, response["Cache-Control"])
            if not any(header in request.META for header in CONDITIONAL_HEADERS):
                return response
            last_modified = response.get("Last-Modified")
            return get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=last_modified and parse_http_date_safe(last_modified),
                response=response,
            )
        response = self.get_response(request)
        if _storable(response):
            seconds = response.public_cache_seconds
            cache.set(key, (response, time.time() + seconds), seconds)
        return response
