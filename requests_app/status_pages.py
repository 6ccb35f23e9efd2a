"""The citizen's status page kept rendered in each app process, served again while nothing it
shows has changed: one query a visit instead of six and the whole layout.

A page is kept per status token and language (one rendering each: the latest), with the
version it shows: the fingerprint PostgreSQL computes in one query by the token
(`selectors.request_page_state`: the request's row, its controller, authority and DPO, rights,
public events, thread, files and which files are downloadable now), the day, and the footer's
link to the operator's policy. Whether mail to the requester failed is asked in the same query,
under the recipient key the kept page was made for (the fingerprint holds the address: a new one
changes the version). Any difference, and the page is made again.

The CSRF token is never kept: the page is rendered with a marker in its place (a random string
of this process, which no one can type into a message), and each visitor's own token replaces
it in every answer; the CSRF cookie is set as on any page. A visitor with a session or a
message waiting, a query string, and every answer but a plain GET of the page (a reply sent back
for a mistake, a POST) get a page rendered for them alone and never kept. Without PostgreSQL
(`make run` on SQLite) there is no fingerprint and nothing is kept.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from gdpr_portal.public_cache import is_personal
from policies.context_processors import operator_policy

CACHE_ALIAS = "status_pages"
KEY_PREFIX = "status-page:"
CSRF_MARKER = f"csrf-marker-{secrets.token_hex(16)}"


@dataclass(frozen=True)
class KeptPage:
    version: str
    # The keyed hash of the address the page was made for ("" without an address), and whether
    # mail to it had failed then.
    mail_key: str
    mail_failed: bool
    content: bytes


def key(request: HttpRequest, token: str) -> str | None:
    """Where this visitor's page is kept, or None when it must be theirs alone."""
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    if is_personal(request) or connection.vendor != "postgresql":
        return None
    # The token is a credential: only its hash names the entry.
    return KEY_PREFIX + hashlib.sha256(f"{token}\n{get_language()}".encode()).hexdigest()


def version(request: HttpRequest, fingerprint: str, today: datetime.date) -> str:
    footer = operator_policy(request)["portal_operator_policy_url"] or ""
    return f"{fingerprint}:{today.isoformat()}:{footer}"


def get(page_key: str) -> KeptPage | None:
    return caches[CACHE_ALIAS].get(page_key)


def keep(page_key: str, page: KeptPage) -> None:
    caches[CACHE_ALIAS].set(page_key, page)


def with_csrf_token(request: HttpRequest, content: bytes) -> bytes:
    """The kept page with this visitor's CSRF token (which also sets the CSRF cookie)."""
    return content.replace(CSRF_MARKER.encode(), get_token(request).encode())


def answer(request: HttpRequest, page: KeptPage) -> HttpResponse:
    return HttpResponse(with_csrf_token(request, page.content))
