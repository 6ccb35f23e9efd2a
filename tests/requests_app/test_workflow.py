"""Every move of the workflow, allowed and refused; an audit row for each; nothing changed by
an illegal move."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation
from mailer.engine import send_all

from requests_app import workflow
from requests_app.models import RequestEvent, Status
from requests_app.uploads import check_upload
from tests.controllers.factories import MembershipFactory, RecipientFactory
from tests.requests_app.conftest import upload
from tests.requests_app.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC
NOW = datetime.datetime(2026, 1, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def dpo(controller):
    return MembershipFactory(controller=controller, role="dpo").user


def make(controller, status=Status.NEW, rights=("access",), **kwargs):
    received = kwargs.pop("received_at", datetime.datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    dsr = DataSubjectRequestFactory(
        controller=controller, received_at=received, rights=list(rights), **kwargs
    )
    if status != Status.NEW:
        type(dsr).objects.filter(pk=dsr.pk).update(status=status)
        dsr.refresh_from_db()
    return dsr


def delivered():
    send_all()
    messages = list(mail.outbox)
    mail.outbox.clear()
    return messages


# Each move, with the states it accepts; every other state must be refused.
MOVES = {
    "start": ({Status.NEW}, lambda r, a: workflow.request_start(request=r, actor=a)),
    "ask information": (
        {Status.NEW, Status.IN_PROGRESS, Status.EXTENDED},
        lambda r, a: workflow.request_ask_information(
            request=r, actor=a, reasons="Копие от лична карта", today=D(2026, 1, 10)
        ),
    ),
    "resume": (
        {Status.INFO_REQUESTED},
        lambda r, a: workflow.request_resume(request=r, actor=a, today=D(2026, 1, 20)),
    ),
    "extend": (
        {Status.NEW, Status.IN_PROGRESS},
        lambda r, a: workflow.request_extend(
            request=r, actor=a, reasons="Много записи в три системи", today=D(2026, 1, 20)
        ),
    ),
    "complete": (
        {Status.NEW, Status.IN_PROGRESS, Status.EXTENDED},
        lambda r, a: workflow.request_complete(request=r, actor=a, decision="Прилагаме копие."),
    ),
    "refuse": (
        {Status.NEW, Status.INFO_REQUESTED, Status.IN_PROGRESS, Status.EXTENDED},
        lambda r, a: workflow.request_refuse(
            request=r, actor=a, ground="identity", reasons="Самоличността не е потвърдена."
        ),
    ),
    "withdraw": (
        {Status.NEW, Status.INFO_REQUESTED, Status.IN_PROGRESS, Status.EXTENDED},
        lambda r, a: workflow.request_withdraw(request=r, actor=a, note="Писмо от заявителя"),
    ),
}
CASES = [
    (move, status, status in allowed)
    for move, (allowed, _fn) in MOVES.items()
    for status in Status.values
]


@pytest.mark.parametrize(
    ("move", "status", "allowed"), CASES, ids=[f"{m}-{s}" for m, s, _ in CASES]
)
def test_move(controller, dpo, move, status, allowed):
    # The identity is checked: completing an access request needs it (tested apart below).
    confirmed = datetime.datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
    dsr = make(
        controller, status=status, paused_since=D(2026, 1, 10), identity_confirmed_at=confirmed
    )
    before = type(dsr).objects.filter(pk=dsr.pk).values().get()
    events_before = RequestEvent.objects.count()
    _allowed, fn = MOVES[move]
    if allowed:
        fn(dsr, dpo)
        dsr.refresh_from_db()
        assert dsr.status != status or move == "resume"
        event = RequestEvent.objects.order_by("-pk").first()
        assert event.actor == dpo
        assert event.changes["status"]["before"] == status
        assert event.changes["status"]["after"] == dsr.status
    else:
        with pytest.raises(workflow.TransitionNotAllowed):
            fn(dsr, dpo)
        assert type(dsr).objects.filter(pk=dsr.pk).values().get() == before
        assert RequestEvent.objects.count() == events_before
        assert delivered() == []


def test_pause_and_resume_move_the_deadline(controller, dpo):
    dsr = make(controller)  # received Mon 5 Jan 2026, due Thu 5 Feb
    assert dsr.due_date == D(2026, 2, 5)
    workflow.request_ask_information(
        request=dsr, actor=dpo, reasons="Моля, уточнете периода.", today=D(2026, 1, 12)
    )
    (message,) = delivered()
    assert "Моля, уточнете периода." in message.body and "спира да тече" in message.body
    workflow.request_resume(request=dsr, actor=dpo, today=D(2026, 1, 22))
    dsr.refresh_from_db()
    assert (dsr.status, dsr.paused_days) == (Status.IN_PROGRESS, 10)
    assert dsr.due_date == D(2026, 2, 16)  # 5 Feb + 10 = Sun 15 Feb → Mon 16 Feb
    event = dsr.events.get(kind="resumed")
    assert event.changes["due_date"] == {"before": "2026-02-05", "after": "2026-02-16"}


def test_extension_before_the_first_deadline(controller, dpo):
    dsr = make(controller, received_at=datetime.datetime(2026, 3, 5, 9, tzinfo=UTC))
    workflow.request_extend(request=dsr, actor=dpo, reasons="Сложно искане", today=D(2026, 4, 6))
    dsr.refresh_from_db()
    assert dsr.due_date == D(2026, 6, 5) and dsr.extended
    (message,) = delivered()
    assert "5 юни 2026" in message.body and "Сложно искане" in message.body


def test_extension_after_the_first_deadline_is_refused(controller, dpo):
    dsr = make(controller, received_at=datetime.datetime(2026, 3, 5, 9, tzinfo=UTC))
    # First deadline: 5 Apr is a Sunday → Mon 6 Apr 2026.
    with pytest.raises(workflow.TransitionNotAllowed) as refused:
        workflow.request_extend(request=dsr, actor=dpo, reasons="Късно", today=D(2026, 4, 7))
    assert "06.04.2026" in str(refused.value)
    dsr.refresh_from_db()
    assert (dsr.status, dsr.extended, dsr.due_date) == (Status.NEW, False, D(2026, 4, 6))


def test_reasons_are_required(controller, dpo):
    dsr = make(controller)
    for call in (
        lambda: workflow.request_extend(request=dsr, actor=dpo, reasons=" ", today=D(2026, 1, 6)),
        lambda: workflow.request_ask_information(request=dsr, actor=dpo, reasons=""),
        lambda: workflow.request_refuse(request=dsr, actor=dpo, ground="unfounded", reasons=""),
        lambda: workflow.request_refuse(request=dsr, actor=dpo, ground="whim", reasons="x"),
    ):
        with pytest.raises(workflow.TransitionNotAllowed):
            call()
    assert RequestEvent.objects.filter(request=dsr).count() == 0


def test_complete_releases_documents_and_sends_the_decision(client, controller, dpo):
    dsr = make(controller, status=Status.IN_PROGRESS, identity_confirmed_at=NOW)
    workflow.request_complete(
        request=dsr,
        actor=dpo,
        decision="Прилагаме копие от данните.",
        documents=[check_upload(upload("копие.pdf"))],
    )
    dsr.refresh_from_db()
    assert dsr.status == Status.COMPLETED and dsr.closed_at
    (document,) = dsr.attachments.filter(kind="response")
    assert document.downloadable
    (message,) = delivered()
    assert "Прилагаме копие от данните." in message.body
    assert "kzld@cpdp.bg" in message.body and "съдебен ред" in message.body
    page = client.get(f"/requests/{dsr.status_token}/").content.decode()
    assert "копие.pdf" in page
    response = client.get(f"/requests/{dsr.status_token}/documents/{document.public_id}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    # After the download period the link says so (410), in the requester's language.
    type(document).objects.filter(pk=document.pk).update(
        expires_at=datetime.datetime(2020, 1, 1, tzinfo=UTC)
    )
    gone = client.get(f"/requests/{dsr.status_token}/documents/{document.public_id}/")
    assert gone.status_code == 410 and "копие.pdf" in gone.content.decode()


def test_refusal_states_the_right_to_complain(controller, dpo):
    dsr = make(controller, language="en")
    workflow.request_refuse(
        request=dsr,
        actor=dpo,
        ground="unfounded",
        reasons="The fifth identical request this month.",
    )
    (message,) = delivered()
    assert "manifestly unfounded or excessive" in message.body
    assert "lodge a complaint" in message.body and "judicial remedy" in message.body
    assert "kzld@cpdp.bg" in message.body


def test_assign_identity_and_fee(controller, dpo):
    dsr = make(controller)
    colleague = MembershipFactory(controller=controller, role="dpo").user
    workflow.request_assign(request=dsr, actor=dpo, assignee=colleague)
    workflow.request_confirm_identity(request=dsr, actor=dpo)
    workflow.request_record_fee(
        request=dsr, actor=dpo, amount=Decimal("12.50"), justification="Трето копие"
    )
    dsr.refresh_from_db()
    assert (
        dsr.assignee == colleague
        and dsr.identity_confirmed_at
        and dsr.fee_amount == Decimal("12.50")
    )
    kinds = list(dsr.events.values_list("kind", flat=True))
    assert kinds == ["assigned", "identity_confirmed", "fee"]
    assert dsr.events.get(kind="fee").changes["fee_amount"] == {"before": None, "after": "12.50"}
    viewer = MembershipFactory(controller=controller, role="viewer").user
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.request_assign(request=dsr, actor=dpo, assignee=viewer)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.request_record_fee(request=dsr, actor=dpo, amount=Decimal("0"), justification="x")


def test_art19_only_after_a_rectification_erasure_or_restriction_is_carried_out(controller, dpo):
    erasure = make(controller, status=Status.COMPLETED, rights=("erasure",), closed_at=NOW)
    lab = RecipientFactory(controller=controller, name="Лаборатория ООД")
    bank = RecipientFactory(controller=controller, name="Банка АД")
    workflow.request_log_recipient_notified(
        request=erasure, actor=dpo, recipients=[lab, bank], notified_on=D(2026, 1, 20)
    )
    assert {n.recipient for n in erasure.recipient_notifications.all()} == {lab, bank}
    event = erasure.events.get(kind="recipient_notified")
    assert "Лаборатория ООД" in event.note and "Банка АД" in event.note
    access = make(controller, status=Status.COMPLETED, rights=("access",))
    refused = make(controller, status=Status.REFUSED, rights=("erasure",))
    open_erasure = make(controller, status=Status.IN_PROGRESS, rights=("erasure",))
    for dsr in (access, refused, open_erasure):
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.request_log_recipient_notified(
                request=dsr, actor=dpo, recipients=[lab], notified_on=D(2026, 1, 20)
            )


@pytest.mark.parametrize(
    ("arguments", "refusal"),
    [
        ({"notified_on": D(2099, 1, 1)}, "future"),
        ({"notified_on": D(2026, 1, 5)}, "before the decision"),
        ({"notified_on": None}, "Give the day"),
        ({"outcome": "impossible"}, "reason"),
        ({"duplicate": True}, "once"),
        ({"foreign": True}, "this controller"),
    ],
)
def test_art19_refuses_what_the_law_does_not_allow(controller, dpo, arguments, refusal):
    dsr = make(controller, status=Status.COMPLETED, rights=("restriction",), closed_at=NOW)
    lab = RecipientFactory(controller=controller)
    if arguments.pop("duplicate", False):
        workflow.request_log_recipient_notified(
            request=dsr, actor=dpo, recipients=[lab], notified_on=D(2026, 1, 7)
        )
    if arguments.pop("foreign", False):
        lab = RecipientFactory()
    RecipientFactory(controller=controller)  # one left, so the move stays open
    kwargs = {"recipients": [lab], "notified_on": D(2026, 1, 7), **arguments}
    with translation.override("en"), pytest.raises(workflow.TransitionNotAllowed) as refused:
        workflow.request_log_recipient_notified(request=dsr, actor=dpo, **kwargs)
    assert refusal in str(refused.value)


def test_art19_exceptions_are_recorded_and_the_requester_told_the_recipients(controller, dpo):
    dsr = make(controller, status=Status.COMPLETED, rights=("erasure",), closed_at=NOW)
    lab = RecipientFactory(controller=controller, name="Лаборатория ООД")
    archive = RecipientFactory(controller=controller, name="Стар архив")
    workflow.request_log_recipient_notified(
        request=dsr, actor=dpo, recipients=[lab], notified_on=D(2026, 1, 7)
    )
    workflow.request_log_recipient_notified(
        request=dsr,
        actor=dpo,
        recipients=[archive],
        outcome="impossible",
        note="Дружеството е заличено",
    )
    told = dsr.recipient_notifications.get(recipient=archive)
    assert (told.outcome, told.notified_on, told.note) == (
        "impossible",
        None,
        "Дружеството е заличено",
    )
    workflow.request_tell_recipients(request=dsr, actor=dpo, note="Писмо от 08.01.2026")
    (message,) = delivered()
    assert "Лаборатория ООД" in message.body and "07.01.2026" in message.body
    assert "Стар архив" in message.body and "чл. 19" in message.body
    assert dsr.events.filter(kind="recipients_told", public=True).exists()


def test_completion_needs_the_identity_check_and_gives_a_decision_per_right(controller, dpo):
    from requests_app.decisions import RightDecision

    dsr = make(controller, status=Status.IN_PROGRESS, rights=("access", "erasure"))
    with translation.override("en"), pytest.raises(workflow.TransitionNotAllowed, match="identity"):
        workflow.request_complete(request=dsr, actor=dpo, decision="Отговор")
    workflow.request_confirm_identity(request=dsr, actor=dpo, note="Лична карта")
    partly_without_ground = {
        "access": RightDecision("granted"),
        "erasure": RightDecision("partly", "", "Счетоводни документи"),
    }
    wrong_ground = {
        "access": RightDecision("granted"),
        "erasure": RightDecision("partly", "art15_4", "Чужди данни"),
    }
    for outcomes in (partly_without_ground, wrong_ground):
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.request_complete(request=dsr, actor=dpo, decision="x", outcomes=outcomes)
    workflow.request_complete(
        request=dsr,
        actor=dpo,
        decision="Приложено е копие.",
        outcomes={
            "access": RightDecision("granted"),
            "erasure": RightDecision("partly", "art17_3", "Закон за счетоводството, чл. 12"),
        },
    )
    decisions = dict(dsr.requested_rights.values_list("right", "outcome"))
    assert decisions == {"access": "granted", "erasure": "partly"}
    (message,) = delivered()
    assert "Закон за счетоводството, чл. 12" in message.body
    assert "чл. 17, пар. 3" in message.body or "17(3)" in message.body
    assert "kzld@cpdp.bg" in message.body and "съдебен ред" in message.body


def test_a_request_without_a_right_that_discloses_data_completes_without_the_check(controller, dpo):
    dsr = make(controller, status=Status.IN_PROGRESS, rights=("objection",))
    workflow.request_complete(request=dsr, actor=dpo, decision="Спряхме обработването.")
    dsr.refresh_from_db()
    assert dsr.status == Status.COMPLETED


def test_a_promised_date_never_beyond_the_legal_deadline(controller, dpo):
    dsr = make(controller)  # due Thu 5 Feb 2026
    with (
        translation.override("en"),
        pytest.raises(workflow.TransitionNotAllowed, match="legal deadline"),
    ):
        workflow.request_start(
            request=dsr, actor=dpo, promised_on=D(2026, 2, 6), today=D(2026, 1, 6)
        )
    workflow.request_start(request=dsr, actor=dpo, promised_on=D(2026, 1, 30), today=D(2026, 1, 6))
    dsr.refresh_from_db()
    assert dsr.promised_on == D(2026, 1, 30)


def test_staff_of_another_controller_cannot_move_it(controller):
    dsr = make(controller)
    outsider = MembershipFactory(role="dpo").user
    viewer = MembershipFactory(controller=controller, role="viewer").user
    for actor in (outsider, viewer):
        with pytest.raises(PermissionDenied):
            workflow.request_start(request=dsr, actor=actor)
    dsr.refresh_from_db()
    assert dsr.status == Status.NEW


def test_the_audit_trail_cannot_be_rewritten(controller, dpo):
    dsr = make(controller)
    workflow.request_start(request=dsr, actor=dpo)
    event = dsr.events.get()
    event.note = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        RequestEvent.objects.filter(request=dsr).update(note="x")
    with pytest.raises(PermissionError):
        RequestEvent.objects.filter(request=dsr).delete()
    with pytest.raises(PermissionError):
        RequestEvent.objects.bulk_update([event], ["note"])
    with pytest.raises(PermissionError):
        RequestEvent.objects.bulk_create(
            [event], update_conflicts=True, unique_fields=["id"], update_fields=["note"]
        )
    assert dsr.events.get().note == ""


def test_legal_hold_is_set_with_a_reason_and_audited(controller, dpo):
    dsr = make(controller, status=Status.COMPLETED)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.request_set_legal_hold(request=dsr, actor=dpo, hold=True, reason="")
    workflow.request_set_legal_hold(request=dsr, actor=dpo, hold=True, reason="Дело 12/2026")
    dsr.refresh_from_db()
    assert dsr.legal_hold and dsr.legal_hold_reason == "Дело 12/2026"
    assert dsr.events.get(kind="legal_hold").changes["legal_hold"] == {
        "before": False,
        "after": True,
    }
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.request_set_legal_hold(request=dsr, actor=dpo, hold=True, reason="again")
    workflow.request_set_legal_hold(request=dsr, actor=dpo, hold=False)
    dsr.refresh_from_db()
    assert not dsr.legal_hold and dsr.legal_hold_reason == ""
