"""What users can type: never a 5xx, nothing half-stored, everything escaped, CSRF on every
form, no personal data in the logs, and a clear 503 when the database is away."""

import logging
import re
import string

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mailer.engine import send_all

from requests_app import workflow
from requests_app.models import Attachment, DataSubjectRequest, RequestEvent
from tests.controllers.factories import ControllerFactory, MembershipFactory
from tests.requests_app.conftest import started

pytestmark = pytest.mark.django_db
MARKER = "Маркер7Q4Z"
EMAIL_MARKER = "marker7q4z"
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def alfa(db, settings):
    settings.REQUESTS_PER_IP_PER_HOUR = 10_000
    settings.REQUEST_ATTEMPTS_PER_IP_PER_HOUR = 10_000
    settings.REQUESTS_PER_EMAIL_PER_DAY = 10_000
    from controllers.models import SupervisoryAuthority

    return ControllerFactory(
        slug="alfa", supervisory_authority=SupervisoryAuthority.objects.get(email="kzld@cpdp.bg")
    )


def stored() -> tuple[int, int, int]:
    return (
        DataSubjectRequest.objects.count(),
        Attachment.objects.count(),
        RequestEvent.objects.count(),
    )


text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)


@FUZZ
@given(
    name=text,
    email=text,
    national_id=st.one_of(text, st.text(alphabet=string.digits, min_size=10, max_size=10)),
    details=text,
    rights=st.lists(st.sampled_from(["access", "erasure", "bogus", "", "<x>"]), max_size=4),
    acting_as=st.sampled_from(["self", "representative", "", "x"]),
    reply=st.sampled_from(["email", "post", "in_person", "pigeon"]),
)
def test_request_form_never_fails_and_never_half_stores(
    client, alfa, name, email, national_id, details, rights, acting_as, reply
):
    before = stored()
    response = client.post(
        "/alfa/requests/new/",
        {
            "rights": rights,
            "requester_name": name,
            "requester_email": email,
            "national_id": national_id,
            "details": details,
            "acting_as": acting_as,
            "reply_channel": reply,
            "started": started(),
        },
    )
    assert response.status_code in (302, 400, 429)
    after = stored()
    if response.status_code == 302:
        assert after[0] == before[0] + 1
    else:
        assert after == before


@FUZZ
@given(value=text)
def test_url_parameters_never_fail(client, alfa, value):
    from urllib.parse import quote

    for path in [
        f"/alfa/privacy/?on={quote(value)}",
        f"/requests/{quote(value, safe='')}/",
        f"/{quote(value, safe='')}/",
        f"/alfa/privacy/subscribe/{quote(value, safe='')}/",
        f"/en/alfa/privacy/diff/1/{quote(value, safe='')}/",
    ]:
        assert client.get(path).status_code < 500, path


@FUZZ
@given(email=text)
def test_subscription_form_never_fails(client, alfa, email):
    from policies.models import Policy, PolicySubscription

    Policy.objects.get_or_create(controller=alfa)
    before = PolicySubscription.objects.count()
    response = client.post("/alfa/privacy/subscribe/", {"email": email})
    assert response.status_code in (302, 400, 429)
    if response.status_code != 302:
        assert PolicySubscription.objects.count() == before


SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_in_every_free_text_field_is_escaped_on_public_and_admin_pages(client, alfa):
    from requests_app.services import request_submit

    dsr = request_submit(
        controller=alfa,
        language="bg",
        rights=["erasure"],
        requester_name=SCRIPT,
        requester_email="x@example.org",
        requester_phone=SCRIPT[:40],
        requester_address=SCRIPT,
        on_behalf_of=SCRIPT,
        details=SCRIPT,
    )
    dpo = MembershipFactory(controller=alfa, role="dpo").user
    workflow.request_ask_information(request=dsr, actor=dpo, reasons=SCRIPT)
    alfa.legal_name = SCRIPT
    alfa.save()
    client.force_login(dpo)
    pages = [
        "/",
        "/alfa/",
        f"/requests/{dsr.status_token}/",
        "/en/admin/requests_app/datasubjectrequest/",
        f"/en/admin/requests_app/datasubjectrequest/{dsr.pk}/change/",
        f"/en/admin/controllers/controller/{alfa.pk}/change/",
    ]
    for page in pages:
        body = client.get(page).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, page
        assert "&lt;script&gt;" in body, page


def test_csrf_is_enforced_on_every_form(alfa):
    from policies.models import Policy

    Policy.objects.create(controller=alfa)
    client = Client(enforce_csrf_checks=True)
    for path in [
        "/alfa/requests/new/",
        "/alfa/privacy/subscribe/",
        "/alfa/privacy/subscribe/sometoken/",
        "/en/account/login/",
        "/requests/sometoken/resend/",
    ]:
        assert client.post(path, {"email": "a@b.org"}).status_code == 403, path
    assert DataSubjectRequest.objects.count() == 0


def test_no_personal_data_in_logs(client, alfa, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(
        "/alfa/requests/new/",
        {
            "rights": ["access"],
            "requester_name": f"Иван {MARKER}",
            "requester_email": f"{EMAIL_MARKER}@example.org",
            "national_id": "7523169263",
            "details": f"Подробности {MARKER}",
            "acting_as": "self",
            "reply_channel": "email",
            "started": started(),
        },
    )
    assert response.status_code == 302
    dsr = DataSubjectRequest.objects.get()
    send_all()
    confirm = re.search(r"/requests/\S+/confirm/\S+/", mail.outbox[0].body)
    client.post(confirm.group())
    client.get(f"/requests/{dsr.status_token}/")
    client.post("/alfa/requests/new/", {"requester_name": MARKER, "requester_email": "bad"})
    client.get(f"/requests/{dsr.status_token}x/")  # a 404 is logged, with the token redacted
    send_all()
    logged = caplog.text.lower()
    assert MARKER.lower() not in logged and EMAIL_MARKER not in logged
    assert "7523169263" not in logged
    assert dsr.status_token.lower() not in logged


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_unreachable_answers_503():
    ControllerFactory(slug="alfa")
    client = Client()
    original_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "9"
    try:
        response = client.post("/en/alfa/requests/new/", {"requester_name": "x"})
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original_port
    assert response.status_code == 503
    assert "nothing you sent was recorded" in response.content.decode()
    assert DataSubjectRequest.objects.count() == 0


def test_database_failing_mid_submission_stores_nothing(client, alfa):
    def fail(execute, sql, params, many, context):
        # The connection drops at the statement that writes the rights (on its own, or within
        # the one statement of a web filing).
        if 'INSERT INTO "requests_app_requestedright"' in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        response = client.post(
            "/alfa/requests/new/",
            {
                "rights": ["access"],
                "requester_name": "Мария",
                "requester_email": "m@example.org",
                "acting_as": "self",
                "reply_channel": "email",
                "started": started(),
            },
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert stored() == (0, 0, 0)


def test_a_nul_byte_gets_a_400(client, alfa):
    assert client.get("/alfa/privacy/?on=%00").status_code == 400
    assert client.get("/requests/abc%00def/").status_code == 400
