"""Every filter and search of the request list is backed by an index: on small data, with
sequential scans priced out, PostgreSQL's plan for each uses an index on the request table."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory

from requests_app.models import DataSubjectRequest
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db

QUERIES = [
    "",  # the default view: open requests, soonest due first
    "state=completed",
    "deadline=overdue",
    "deadline=week",
    "assignee=none",
    "assignee=me",
    "channel__exact=post",
    "right=erasure",
    "q=DSR-ABCD-EFGH",
    "q=Примеров",
    "q=citizen@example.org",
]


@pytest.mark.parametrize("query", QUERIES)
def test_list_filter_uses_an_index(controller, query, admin_user):
    # A superuser: no controller restriction whose own index could hide a missing one.
    dpo = admin_user
    for _ in range(20):
        DataSubjectRequestFactory(controller=controller, rights=["access", "erasure"])
    request = RequestFactory().get(f"/en/admin/requests_app/datasubjectrequest/?{query}")
    request.user = dpo
    model_admin = admin.site._registry[DataSubjectRequest]
    changelist = model_admin.get_changelist_instance(request)
    queryset = changelist.get_queryset(request)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("ANALYZE requests_app_datasubjectrequest")
    plan = queryset.explain()
    assert "Seq Scan on requests_app_datasubjectrequest" not in plan, plan
