"""The yardstick the scale benchmark sets beside the real POST: the same form, nothing stored."""

import pytest
from django.test import RequestFactory

from requests_app.models import DataSubjectRequest, ThrottleCounter
from requests_app.views import bench_form_only

pytestmark = pytest.mark.django_db


def test_the_form_is_checked_and_nothing_is_stored(form_data, django_assert_num_queries):
    factory = RequestFactory()
    with django_assert_num_queries(0):
        valid = bench_form_only(factory.post("/bench/form/", form_data()))
        invalid = bench_form_only(factory.post("/bench/form/", form_data(started="forged")))
    assert (valid.status_code, valid["Location"]) == (302, "/bench/bare/")
    assert invalid.status_code == 400
    assert not DataSubjectRequest.objects.exists() and not ThrottleCounter.objects.exists()
