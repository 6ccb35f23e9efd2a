"""The benchmark's yardsticks (bench/views.py): each does the work it stands for, and the
request form's yardstick stores nothing."""

import pytest
from django.db import connection
from django.http import Http404
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from bench import views
from bench.views import form_only as bench_form_only
from gdpr_portal.models import ThrottleCounter
from requests_app.models import DataSubjectRequest

pytestmark = pytest.mark.django_db


def test_the_form_is_checked_and_nothing_is_stored(form_data, django_assert_num_queries):
    factory = RequestFactory()
    with django_assert_num_queries(0):
        valid = bench_form_only(factory.post("/bench/form-check/", form_data()))
        invalid = bench_form_only(factory.post("/bench/form-check/", form_data(started="forged")))
    assert (valid.status_code, valid["Location"]) == (302, "/bench/hello/")
    assert invalid.status_code == 400
    assert not DataSubjectRequest.objects.exists() and not ThrottleCounter.objects.exists()


def test_the_durable_write_stores_one_row_and_the_read_finds_it(django_assert_num_queries):
    factory = RequestFactory()
    with connection.cursor() as cursor:
        cursor.execute(views.CREATE_TABLE)
    with CaptureQueriesContext(connection) as queries:
        written = views.durable_write(factory.post("/bench/write/", {"body": "Бележка"}))
    assert [
        q["sql"].split()[0] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]
    ] == ["INSERT"]
    assert (written.status_code, written["Location"]) == (302, "/bench/hello/")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, body FROM {views.TABLE}")  # noqa: S608
        [(token, body)] = cursor.fetchall()
    assert body == "Бележка"
    with django_assert_num_queries(1):
        read = views.indexed_read(factory.get(f"/bench/read/{token}/"), token)
    assert read.status_code == 200 and "Бележка" in read.content.decode()
    with pytest.raises(Http404):
        views.indexed_read(factory.get("/bench/read/x/"), "x")


def test_the_bare_form_carries_a_csrf_token(django_assert_num_queries):
    request = RequestFactory().get("/bench/form/")
    with django_assert_num_queries(0):
        page = views.bare_form(request).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page and 'name="email"' in page
    assert get_token(request)
    assert views.hello(request).content == b"ok"
