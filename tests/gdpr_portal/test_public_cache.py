"""Which answers the public page cache keeps: only those that are the same for everyone."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from gdpr_portal.public_cache import PublicPageCacheMiddleware, public_page

pytestmark = pytest.mark.django_db


def serve(view, *, cookies=None, method="get"):
    """One pass through the middleware with a view counting how often it ran."""
    factory = RequestFactory()
    request = getattr(factory, method)("/page/")
    request.COOKIES.update(cookies or {})
    return PublicPageCacheMiddleware(view)(request)


def counting(make_response):
    calls = []

    @public_page(60)
    def view(request):
        calls.append(1)
        return make_response()

    return view, calls


def test_a_public_answer_is_kept_and_served_again():
    view, calls = counting(lambda: HttpResponse("policy"))
    assert serve(view).content == b"policy"
    assert serve(view).content == b"policy"
    assert len(calls) == 1


def test_an_answer_that_sets_a_cookie_is_never_kept():
    def make():
        response = HttpResponse("form")
        response.set_cookie("csrftoken", "x")
        return response

    view, calls = counting(make)
    serve(view)
    serve(view)
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("header", "value"),
    [("Vary", "Cookie"), ("Vary", "Accept-Language, Cookie"), ("Cache-Control", "private")],
)
def test_an_answer_that_depends_on_the_visitor_is_never_kept(header, value):
    def make():
        response = HttpResponse("mine")
        response[header] = value
        return response

    view, calls = counting(make)
    serve(view)
    serve(view)
    assert len(calls) == 2


def test_errors_and_unmarked_views_are_never_kept():
    view, calls = counting(lambda: HttpResponse("gone", status=404))
    serve(view)
    serve(view)
    assert len(calls) == 2

    unmarked_calls = []

    def unmarked(request):
        unmarked_calls.append(1)
        return HttpResponse("plain")

    serve(unmarked)
    serve(unmarked)
    assert len(unmarked_calls) == 2


def test_a_visitor_with_a_session_and_other_methods_bypass_the_cache():
    view, calls = counting(lambda: HttpResponse("policy"))
    serve(view)
    serve(view, cookies={"sessionid": "abc"})
    serve(view, method="head")
    serve(view, method="post")
    assert len(calls) == 4


def test_anonymous_pages_do_not_vary_on_cookies(client, db):
    # Shared caches may keep them: nothing on them depends on a cookie.
    response = client.get("/")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


def test_a_kept_answer_counts_its_max_age_down_and_keeps_its_expiry(monkeypatch):
    import gdpr_portal.public_cache as public_cache

    now = [1_800_000_000.0]
    monkeypatch.setattr(public_cache.time, "time", lambda: now[0])
    view, calls = counting(lambda: HttpResponse("policy"))
    first = serve(view)
    now[0] += 45
    later = serve(view)
    assert len(calls) == 1
    assert first["Cache-Control"] == "max-age=60"
    assert later["Cache-Control"] == "max-age=15"
    assert later["Expires"] == first["Expires"]
