"""The breach register's rules through its services, the admin and the digest."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from mailer.engine import send_all

from breaches import services
from breaches.choices import CommunicationState, Risk
from breaches.models import Breach, BreachEvent
from requests_app.digest import digest_plan, digest_send
from tests.breaches.factories import BreachFactory
from tests.controllers.factories import ControllerFactory, MembershipFactory

pytestmark = pytest.mark.django_db
SOFIA = ZoneInfo("Europe/Sofia")
# Friday 23 October 2026, 14:00 EEST: the Friday before the last Sunday of October.
AWARE = datetime.datetime(2026, 10, 23, 14, 0, tzinfo=SOFIA)


def after(**elapsed) -> datetime.datetime:
    """Real time after AWARE (adding to a Sofia datetime would add wall-clock time)."""
    return AWARE.astimezone(datetime.UTC) + datetime.timedelta(**elapsed)


@pytest.fixture
def controller():
    return ControllerFactory(slug="alfa", legal_name="Алфа ЕООД")


@pytest.fixture
def dpo(controller):
    return MembershipFactory(controller=controller, role="dpo", user__email="dpo@alfa.bg").user


def facts(controller, **overrides):
    return {
        "controller": controller,
        "aware_at": AWARE,
        "nature": "Изпратен имейл с таблица до грешен получател.",
        "confidentiality": True,
        "subject_categories": "Клиенти",
        "subjects_approx": 120,
        "record_categories": "Имена и телефони",
        "records_approx": 120,
        "consequences": "Нежелани обаждания.",
        "measures_taken": "Получателят потвърди изтриването.",
        "dpo_contact": "dpo@alfa.bg",
        "risk": Risk.RISK,
        "risk_reasons": "Контактни данни без чувствителни данни.",
        **overrides,
    }


@time_machine.travel(datetime.datetime(2026, 10, 27, 9, 0, tzinfo=SOFIA), tick=False)
def test_late_notification_without_reasons_is_refused_and_with_them_recorded(controller, dpo):
    breach = services.breach_record(actor=dpo, **facts(controller))
    late = datetime.datetime(2026, 10, 26, 13, 1, tzinfo=SOFIA)  # a minute after the 72 hours
    with pytest.raises(ValidationError) as refused:
        services.breach_notify(breach=breach, actor=dpo, sent_at=late, content="Първо уведомление")
    assert "reasons_for_delay" in refused.value.error_dict
    assert not breach.notifications.exists()

    first = services.breach_notify(
        breach=breach,
        actor=dpo,
        sent_at=late,
        content="Първо уведомление",
        reasons_for_delay="Обхватът се изясни едва в понеделник.",
    )
    assert first.phase == 1 and first.late
    # Art. 33(4): a later phase adds information without repeating the reasons.
    second = services.breach_notify(
        breach=breach, actor=dpo, sent_at=late + datetime.timedelta(hours=5), content="Допълнение"
    )
    assert second.phase == 2
    kinds = list(breach.events.values_list("kind", flat=True))
    assert kinds == ["recorded", "notified", "notified"]


@time_machine.travel(datetime.datetime(2026, 10, 27, 9, 0, tzinfo=SOFIA), tick=False)
def test_on_time_notification_needs_no_reasons(controller, dpo):
    breach = services.breach_record(actor=dpo, **facts(controller))
    in_time = datetime.datetime(2026, 10, 26, 13, 0, tzinfo=SOFIA)  # the last minute
    notice = services.breach_notify(
        breach=breach, actor=dpo, sent_at=in_time, content="Уведомление"
    )
    assert not notice.late


@time_machine.travel(datetime.datetime(2026, 10, 27, 9, 0, tzinfo=SOFIA), tick=False)
def test_a_no_risk_breach_is_recorded_and_never_notified(controller, dpo, client):
    breach = services.breach_record(actor=dpo, **facts(controller, risk=Risk.NONE))
    assert Breach.objects.filter(pk=breach.pk).exists()  # recorded (Art. 33(5))
    assert breach.communication == CommunicationState.NOT_REQUIRED
    with pytest.raises(ValidationError):
        services.breach_notify(breach=breach, actor=dpo, sent_at=AWARE, content="x")
    assert not breach.notifications.exists()
    # Not awaiting, not nearing, not in the digest, and offered no notification in the admin.
    now = datetime.datetime(2026, 10, 27, 9, 0, tzinfo=SOFIA)
    assert not Breach.objects.awaiting_notification().exists()
    assert not Breach.objects.nearing(now).exists()
    client.force_login(dpo)
    page = client.get(reverse("admin:breaches_breach_change", args=[breach.pk]))
    assert reverse("admin:breaches_act", args=[breach.pk, "notify"]) not in page.text
    assert "not notified: no risk" in page.text or "не се уведомява" in page.text
    assert (
        client.post(
            reverse("admin:breaches_act", args=[breach.pk, "notify"]),
            {"sent_at": "2026-10-24T10:00", "content": "x"},
        ).status_code
        == 200
    )
    assert not breach.notifications.exists()


def test_only_the_dpo_records(controller):
    viewer = MembershipFactory(controller=controller, role="viewer").user
    editor = MembershipFactory(controller=controller, role="editor").user
    for user in (viewer, editor):
        with pytest.raises(PermissionDenied):
            services.breach_record(actor=user, **facts(controller))


@time_machine.travel(datetime.datetime(2026, 10, 27, 9, 0, tzinfo=SOFIA), tick=False)
def test_changes_are_on_the_trail_which_cannot_be_rewritten(controller, dpo):
    breach = services.breach_record(actor=dpo, **facts(controller))
    services.breach_change(breach=breach, actor=dpo, subjects_approx=150, risk=Risk.HIGH)
    event = breach.events.get(kind=BreachEvent.Kind.CHANGED)
    assert event.changes["subjects_approx"] == ["120", "150"]
    breach.refresh_from_db()
    assert breach.communication == CommunicationState.PENDING  # high risk: to be decided
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        BreachEvent.objects.all().delete()
    if connection.vendor == "postgresql":
        with (
            pytest.raises(Exception, match="cannot be rewritten"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("UPDATE breaches_breachevent SET note = 'x'")


@time_machine.travel(datetime.datetime(2026, 10, 27, 9, 0, tzinfo=SOFIA), tick=False)
def test_high_risk_communication_or_exception(controller, dpo):
    told = services.breach_record(actor=dpo, **facts(controller, risk=Risk.HIGH))
    services.breach_communicate(
        breach=told, actor=dpo, communicated_at=AWARE, channel="по имейл до всеки засегнат"
    )
    told.refresh_from_db()
    assert told.communication == CommunicationState.COMMUNICATED

    encrypted = services.breach_record(actor=dpo, **facts(controller, risk=Risk.HIGH))
    with pytest.raises(ValidationError):
        services.breach_record_exception(breach=encrypted, actor=dpo, ground="a", reasons=" ")
    services.breach_record_exception(
        breach=encrypted, actor=dpo, ground="a", reasons="Дискът е криптиран с AES-256."
    )
    encrypted.refresh_from_db()
    assert encrypted.communication == CommunicationState.EXCEPTION
    # Only once, and only for a high risk.
    with pytest.raises(ValidationError):
        services.breach_communicate(breach=encrypted, actor=dpo, communicated_at=AWARE, channel="x")
    low = services.breach_record(actor=dpo, **facts(controller))
    with pytest.raises(ValidationError):
        services.breach_record_exception(breach=low, actor=dpo, ground="a", reasons="x")


def test_future_awareness_refused(controller, dpo):
    future = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError):
        services.breach_record(actor=dpo, **facts(controller, aware_at=future))


def test_the_digest_warns_of_a_breach_nearing_its_72_hours(controller, dpo):
    # 50 hours after awareness: 22 hours left.
    with time_machine.travel(after(hours=50), tick=False):
        breach = services.breach_record(actor=dpo, **facts(controller))
        far = services.breach_record(actor=dpo, **facts(controller, aware_at=after(hours=40)))
        assert dpo not in digest_plan()  # no request is due
        assert digest_send(digest_plan()) == 1
        send_all()
    message = mail.outbox[-1]
    assert message.to == ["dpo@alfa.bg"]
    assert breach.reference in message.body and far.reference not in message.body
    assert "26.10.2026 13:00 EET" in message.body


def test_documents_render(controller, dpo, client):
    breach = BreachFactory(controller=controller, risk=Risk.HIGH, communication="pending")
    client.force_login(dpo)
    for name in ("breaches_notification_pdf", "breaches_letter"):
        response = client.get(reverse(f"admin:{name}", args=[breach.pk]))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
    page = client.get(reverse("admin:breaches_mail", args=[breach.pk]))
    assert breach.nature in page.text and "dpo@example.org" in page.text


def test_hours_left_on_the_list_the_page_and_the_dashboard(controller, dpo, client):
    with time_machine.travel(after(hours=50, minutes=30), tick=False):
        breach = services.breach_record(actor=dpo, **facts(controller))
        client.force_login(dpo)
        expected = "остават 21 часа"
        listing = client.get("/admin/breaches/breach/")
        assert breach.reference in listing.text and expected in listing.text
        page = client.get(reverse("admin:breaches_breach_change", args=[breach.pk]))
        assert expected in page.text and "26.10.2026 13:00 EET" in page.text
        dashboard = client.get("/admin/requests_app/datasubjectrequest/dashboard/")
        assert breach.reference in dashboard.text and expected in dashboard.text
