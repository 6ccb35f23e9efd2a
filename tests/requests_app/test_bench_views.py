"""The yardstick the scale benchmark sets beside the real POST: the same form, nothing stored."""

import pytest
from django.test import RequestFactory

from bench.views import form_only as bench_form_only
from gdpr_portal.models import ThrottleCounter
from requests_app.models import DataSubjectRequest

pytestmark = pytest.mark.django_db


def test_the_form_is_checked_and_nothing_is_stored(form_data, django_assert_num_queries):
    factory = RequestFactory()
    with django_assert_num_queries(0):
        valid = bench_form_only(factory.post("/bench/form/", form_data()))
        invalid = bench_form_only(factory.post("/bench/form/", form_data(started="forged")))
    assert (valid.status_code, valid["Location"]) == (302, "/bench/bare/")
    assert invalid.status_code == 400
    assert not DataSubjectRequest.objects.exists() and not ThrottleCounter.objects.exists()
