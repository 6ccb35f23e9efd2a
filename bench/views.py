"""The benchmark's yardsticks (bench/scale.py), mounted only when BENCHMARK_VIEWS is set (never
in production: `check --deploy` warns).

Each is the least Django needs to do the same kind of work as a portal page, through the same
middleware, gunicorn and PostgreSQL: a page is measured as a ratio to its yardstick, so that the
ratio says what the page adds to the unavoidable cost of its kind of work. The two database
yardsticks use a table of their own (`bench_note`, created by bench/scale.py, not a migration)
through a plain cursor: one statement each, the least a durable write or an indexed read can be.
"""

import secrets

from django import forms
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template import engines
from django.views.decorators.http import require_POST

TABLE = "bench_note"
CREATE_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} "
    "(id bigserial PRIMARY KEY, token text NOT NULL UNIQUE, body text NOT NULL)"
)

_READ = engines["django"].from_string(
    '<!DOCTYPE html><html lang="bg"><head><meta charset="utf-8"><title>{{ token }}</title></head>'
    "<body><main><h1>{{ token }}</h1><p>{{ body }}</p></main></body></html>"
)
_FORM = engines["django"].from_string(
    '<!DOCTYPE html><html lang="bg"><head><meta charset="utf-8"><title>Форма</title></head>'
    '<body><main><form method="post">{% csrf_token %}{{ form.as_div }}'
    '<button type="submit">Изпрати</button></form></main></body></html>'
)


class NoteForm(forms.Form):
    name = forms.CharField(label="Име", max_length=200)
    email = forms.EmailField(label="Имейл")
    details = forms.CharField(label="Подробности", widget=forms.Textarea, required=False)


def hello(request: HttpRequest) -> HttpResponse:
    """Hello world: the cheapest Django view the same server can serve."""
    return HttpResponse("ok", content_type="text/plain")


@require_POST
def durable_write(request: HttpRequest) -> HttpResponse:
    """One row inserted and committed (fsync on the bench's PostgreSQL), then a redirect."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (token, body) VALUES (%s, %s)",  # noqa: S608 (a constant)
            [secrets.token_urlsafe(32), request.POST.get("body", "")],
        )
    return redirect("/bench/hello/")


def indexed_read(request: HttpRequest, token: str) -> HttpResponse:
    """One row read by its unique token, rendered in a small template."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, body FROM {TABLE} WHERE token = %s", [token])  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        raise Http404
    # No request: the project's context processors (a page's own cost) do not run.
    return HttpResponse(_READ.render({"token": row[0], "body": row[1]}))


def bare_form(request: HttpRequest) -> HttpResponse:
    """A small form of three fields with a CSRF token (which sets the CSRF cookie)."""
    return HttpResponse(_FORM.render({"form": NoteForm(), "csrf_token": get_token(request)}))


@require_POST
def form_only(request: HttpRequest) -> HttpResponse:
    """The request form checked (CSRF, every field, the anti-bot time) and answered with a
    redirect, nothing stored: set beside the real POST, it shows what storing costs."""
    from requests_app.forms import RequestForm

    form = RequestForm(request.POST, request.FILES)
    if not form.is_valid():
        return HttpResponse(status=400)
    return redirect("/bench/hello/")
