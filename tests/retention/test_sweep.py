"""The retention sweep with frozen time: each rule, the legal hold, the dry run, the evidence."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from mailer.models import MessageLog

from demo.loading import OPERATOR, load_register
from gdpr_portal.models import ThrottleCounter
from policies.models import Policy, PolicySubscription
from requests_app.models import Attachment, DataSubjectRequest, RequestEvent
from requests_app.trail import TrailErasure
from retention.models import DisposalRecord
from retention.periods import Counting, latest_expired_event, retention_expiry
from tests.controllers.factories import ControllerFactory
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC


def at(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def operator():
    controller, _ = load_register(OPERATOR)
    return controller


@pytest.fixture
def dkc():
    return ControllerFactory(slug="dkc")


def sweep(*args):
    out = StringIO()
    call_command("apply_retention", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def closed_request(controller, closed_at, **kwargs):
    dsr = DataSubjectRequestFactory(
        controller=controller,
        received_at=closed_at - datetime.timedelta(days=20),
        requester_name="Мария Примерова",
        national_id="7523169263",
        details="Копие от картона ми.",
        **kwargs,
    )
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(status="completed", closed_at=closed_at)
    RequestEvent.objects.create(request=dsr, kind="completed", note="Изпратено на Мария")
    attachment = Attachment(
        request=dsr,
        kind="supporting",
        original_name="ЕГН.pdf",
        content_type="application/pdf",
        size=4,
        sha256="x",
    )
    attachment.file.save("upload", ContentFile(b"%PDF"), save=False)
    attachment.save()
    dsr.refresh_from_db()
    return dsr, attachment.file.name


@pytest.mark.parametrize(
    ("today", "years", "months", "days", "counting", "latest"),
    [
        (D(2031, 3, 10), 5, 0, 0, Counting.FROM_EVENT, D(2026, 3, 10)),
        (D(2026, 3, 31), 0, 1, 0, Counting.FROM_EVENT, D(2026, 2, 28)),
        (D(2026, 4, 9), 0, 0, 90, Counting.FROM_EVENT, D(2026, 1, 9)),
        (D(2076, 1, 1), 50, 0, 0, Counting.FROM_NEXT_JANUARY, D(2025, 12, 31)),
        (D(2075, 12, 31), 50, 0, 0, Counting.FROM_NEXT_JANUARY, D(2024, 12, 31)),
    ],
)
def test_latest_expired_event_agrees_with_expiry(today, years, months, days, counting, latest):
    assert (
        latest_expired_event(today, years=years, months=months, days=days, counting=counting)
        == latest
    )
    kwargs = {"years": years, "months": months, "days": days, "counting": counting}
    assert retention_expiry(latest, **kwargs) <= today
    assert retention_expiry(latest + datetime.timedelta(days=1), **kwargs) > today


def test_closed_requests_are_anonymised_after_five_years(
    operator, dkc, django_capture_on_commit_callbacks
):
    old, old_file = closed_request(dkc, at(2021, 3, 1, 10))
    recent, _ = closed_request(dkc, at(2021, 9, 1, 10))
    from django.core.files.storage import default_storage

    with (
        time_machine.travel(at(2026, 6, 1, 12), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        output = sweep()
    old.refresh_from_db()
    recent.refresh_from_db()
    # The person is gone; reference, dates, rights and outcome remain for statistics.
    assert (old.requester_name, old.requester_email, old.national_id, old.details) == (
        "",
        "",
        "",
        "",
    )
    assert old.anonymised_at is not None
    assert old.reference and old.status == "completed" and old.closed_at == at(2021, 3, 1, 10)
    assert list(old.requested_rights.values_list("right", flat=True)) == ["access"]
    assert not old.attachments.exists() and not default_storage.exists(old_file)
    assert old.events.get().note == ""
    # Closed less than five years ago: untouched.
    assert recent.requester_name == "Мария Примерова" and recent.attachments.count() == 1
    record = DisposalRecord.objects.get(record_kind="closed_requests")
    assert (record.controller, record.count, record.action) == (dkc, 1, "anonymise")
    assert "Закона за задълженията и договорите" in record.legal_reference
    assert "Мария" not in str(DisposalRecord.objects.values())
    assert "приключени искания (анонимизират се): 1 унищожени" in output


def test_a_legal_hold_blocks_any_disposal(operator, dkc):
    held, _ = closed_request(
        dkc, at(2020, 1, 1), legal_hold=True, legal_hold_reason="Дело 123/2025"
    )
    with time_machine.travel(at(2026, 6, 1, 12), tick=False):
        sweep()
    held.refresh_from_db()
    assert held.requester_name == "Мария Примерова" and held.attachments.count() == 1
    assert not DisposalRecord.objects.filter(record_kind="closed_requests").exists()


def test_unconfirmed_requests_are_erased_after_30_days_and_their_deadline(operator, dkc):
    with time_machine.travel(at(2026, 1, 5, 9), tick=False):
        never = DataSubjectRequestFactory(controller=dkc, channel="web")
        confirmed = DataSubjectRequestFactory(
            controller=dkc, channel="web", email_confirmed_at=at(2026, 1, 5, 10)
        )
        posted = DataSubjectRequestFactory(controller=dkc, channel="post")
        RequestEvent.objects.create(request=never, kind="received")
    assert never.due_date == D(2026, 2, 5)
    with time_machine.travel(at(2026, 2, 3, 12), tick=False):  # 29 days: too early
        sweep()
    assert DataSubjectRequest.objects.filter(pk=never.pk).exists()
    # 31 days, but the deadline runs to the end of today: the clock runs whether or not the
    # address was confirmed (deadlines.md §1), so the request stays.
    with time_machine.travel(at(2026, 2, 5, 12), tick=False):
        sweep()
    assert DataSubjectRequest.objects.filter(pk=never.pk).exists()
    with time_machine.travel(at(2026, 2, 6, 12), tick=False):
        sweep()
    assert not DataSubjectRequest.objects.filter(pk=never.pk).exists()
    assert not RequestEvent.objects.filter(request_id=never.pk).exists()
    assert DataSubjectRequest.objects.filter(pk__in=[confirmed.pk, posted.pk]).count() == 2
    record = DisposalRecord.objects.get(record_kind="unconfirmed_requests")
    assert (record.controller, record.count, record.action) == (dkc, 1, "erase")
    erasure = TrailErasure.objects.get()
    assert (erasure.mode, erasure.events, erasure.request_ids) == ("erased", 1, [never.pk])


def test_an_unconfirmed_request_outlives_a_long_first_month(operator, dkc):
    # Received Sat 31 Jan 2026, due Mon 2 Mar (deadlines.md): day 30 is the deadline itself.
    with time_machine.travel(at(2026, 1, 31, 9), tick=False):
        dsr = DataSubjectRequestFactory(controller=dkc, channel="web")
    assert dsr.due_date == D(2026, 3, 2)
    with time_machine.travel(at(2026, 3, 2, 12), tick=False):
        sweep()
    assert DataSubjectRequest.objects.filter(pk=dsr.pk).exists()


def test_an_unconfirmed_request_staff_acted_on_is_kept(operator, dkc):
    from tests.controllers.factories import UserFactory

    with time_machine.travel(at(2026, 1, 5, 9), tick=False):
        fee = DataSubjectRequestFactory(controller=dkc, channel="web")
        RequestEvent.objects.create(request=fee, kind="fee", actor=UserFactory())
        checked = DataSubjectRequestFactory(
            controller=dkc, channel="web", identity_confirmed_at=at(2026, 1, 6)
        )
    with time_machine.travel(at(2026, 3, 1, 12), tick=False):  # well past 30 days and due
        sweep()
    assert DataSubjectRequest.objects.filter(pk__in=[fee.pk, checked.pk]).count() == 2


def test_released_documents_expire(operator, dkc):
    dsr, _ = closed_request(dkc, at(2026, 1, 10))
    document = Attachment(
        request=dsr,
        kind="response",
        original_name="копие.pdf",
        content_type="application/pdf",
        size=4,
        sha256="x",
        released_at=at(2026, 1, 10),
        expires_at=at(2026, 2, 9),
    )
    document.file.save("upload", ContentFile(b"%PDF"), save=False)
    document.save()
    with time_machine.travel(at(2026, 2, 9, 12), tick=False):  # the download period just ended
        sweep()
    assert Attachment.objects.filter(pk=document.pk).exists()
    with time_machine.travel(at(2026, 2, 11, 12), tick=False):
        sweep()
    assert not Attachment.objects.filter(pk=document.pk).exists()
    assert dsr.attachments.filter(kind="supporting").count() == 1


def test_unconfirmed_subscriptions_mail_log_and_counters(operator, dkc):
    policy = Policy.objects.create(controller=dkc)
    with time_machine.travel(at(2026, 3, 1, 9), tick=False):
        stale = PolicySubscription.objects.create(
            policy=policy, email="a@example.org", language="bg"
        )
        kept = PolicySubscription.objects.create(
            policy=policy, email="b@example.org", language="bg", confirmed_at=at(2026, 3, 1, 10)
        )
        ThrottleCounter.objects.create(key="k", window_start=at(2026, 3, 1, 9), count=1)
        MessageLog.objects.create(
            message_data="",
            message_id="1",
            when_added=at(2026, 3, 1),
            priority="2",
            result="1",
            log_message="",
        )
        MessageLog.objects.filter().update(when_attempted=at(2026, 3, 1))
    with time_machine.travel(at(2026, 6, 1, 12), tick=False):
        sweep()
    assert not PolicySubscription.objects.filter(pk=stale.pk).exists()
    assert PolicySubscription.objects.filter(pk=kept.pk).exists()
    assert not ThrottleCounter.objects.exists()
    assert not MessageLog.objects.exists()
    kinds = set(DisposalRecord.objects.values_list("record_kind", flat=True))
    assert kinds == {"unconfirmed_subscriptions", "rate_limit_counters", "mail_log"}


def test_dry_run_changes_nothing_and_writes_no_evidence(operator, dkc):
    old, _ = closed_request(dkc, at(2020, 1, 1))
    before = DataSubjectRequest.objects.values().get(pk=old.pk)
    with time_machine.travel(at(2026, 6, 1, 12), tick=False):
        output = sweep("--dry-run")
    assert DataSubjectRequest.objects.values().get(pk=old.pk) == before
    assert old.attachments.count() == 1
    assert not DisposalRecord.objects.exists()
    assert "Пробно изпълнение: нищо не е променено." in output
    assert "приключени искания (анонимизират се): 1 за унищожаване" in output


def test_batches_cover_every_expired_record(operator, dkc, monkeypatch):
    import retention.sweep

    monkeypatch.setattr(retention.sweep, "BATCH_SIZE", 3)
    for _ in range(7):
        closed_request(dkc, at(2020, 1, 1))
    with time_machine.travel(at(2026, 6, 1, 12), tick=False):
        sweep()
    assert DataSubjectRequest.objects.filter(anonymised_at__isnull=True).count() == 0
    records = DisposalRecord.objects.filter(record_kind="closed_requests")
    assert sorted(r.count for r in records) == [1, 3, 3]


def test_retention_report_html_and_pdf(client, operator, dkc):
    import io

    from pypdf import PdfReader

    from tests.controllers.factories import MembershipFactory

    closed_request(dkc, at(2020, 1, 1))
    with time_machine.travel(at(2026, 6, 1, 12), tick=False):
        sweep()
    member = MembershipFactory(controller=operator, role="viewer").user
    client.force_login(member)
    url = f"/en/admin/retention/retentionrule/reports/{operator.pk}/"
    body = client.get(url).content.decode()
    assert "Дневник на изпратените съобщения" in body  # the schedule
    assert "Nothing has been disposed of yet." in body  # the operator's own log is empty
    pdf = client.get(f"/en/admin/retention/retentionrule/reports/{operator.pk}.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Приключени искания" in text and "5 years" in text
    # Another controller's report is not this member's to read.
    assert client.get(f"/en/admin/retention/retentionrule/reports/{dkc.pk}/").status_code == 403
    dkc_member = MembershipFactory(controller=dkc, role="viewer").user
    client.force_login(dkc_member)
    body = client.get(f"/en/admin/retention/retentionrule/reports/{dkc.pk}/").content.decode()
    assert "closed requests (anonymised)" in body and "<td>1</td>" in body


def test_failed_sign_in_attempts_are_kept_30_days(operator):
    from axes.models import AccessAttempt

    with time_machine.travel(at(2026, 3, 1, 9), tick=False):
        AccessAttempt.objects.create(
            username="dpo",
            ip_address="192.0.2.1",
            user_agent="x",
            failures_since_start=1,
            get_data="",
            post_data="",
        )
    with time_machine.travel(at(2026, 3, 30, 12), tick=False):
        sweep()
    assert AccessAttempt.objects.count() == 1
    with time_machine.travel(at(2026, 4, 1, 12), tick=False):
        sweep()
    assert AccessAttempt.objects.count() == 0
    assert DisposalRecord.objects.get(record_kind="login_attempts").count == 1


def test_statistics_that_miss_the_due_records_are_refreshed_before_the_batches(dkc, monkeypatch):
    """Requests loaded in bulk are unknown to the planner's statistics until autovacuum comes
    round; the batch lock is planned badly on them (retention.sweep.refresh_statistics), so the
    sweep analyzes the table first; on statistics that know them it does not again."""
    import json

    import retention.sweep

    monkeypatch.setattr(retention.sweep, "BATCH_SIZE", 20)
    closed = at(2019, 5, 6)
    DataSubjectRequest.objects.bulk_create(
        DataSubjectRequestFactory.build(
            controller=dkc, status="completed", received_at=closed, closed_at=closed
        )
        for _ in range(400)
    )
    due = DataSubjectRequest.objects.filter(
        status__in=["completed", "refused", "withdrawn"],
        closed_at__lt=at(2021, 1, 1),
        anonymised_at__isnull=True,
        legal_hold=False,
    )

    def estimate() -> int:
        return json.loads(due.explain(format="json"))[0]["Plan"]["Plan Rows"]

    assert estimate() * 10 < 400  # the planner's guess before: a handful
    assert retention.sweep.refresh_statistics(due) is True
    assert estimate() >= 360
    assert retention.sweep.refresh_statistics(due) is False
    assert retention.sweep.refresh_statistics(due.filter(pk__lt=0)) is False  # nothing due
