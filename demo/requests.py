"""The demo's requests: one in every state a DPO meets — new, awaiting the identity check,
paused for information, extended, overdue, completed (with Art. 19 recipients), refused, a
postal one and a repetition — each made through the real services and moves, with dates
relative to the day the demo is loaded, so the desk always has live deadlines.

Fictitious requesters only (`…@example.invalid`, never a real domain); each scenario is keyed by
its requester's email, so running the demo again adds nothing."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from controllers.models import Controller
from gdpr_portal import clock
from requests_app import art15, services, workflow
from requests_app.decisions import RightDecision
from requests_app.models import DataSubjectRequest


@dataclass(frozen=True)
class Scenario:
    email: str
    name: str
    controller: str  # slug
    rights: list[str]
    days_ago: int  # received this many days before the load
    channel: str = "web"
    language: str = "bg"
    details: str = ""
    extra: dict = field(default_factory=dict)
    # The moves made after receipt: each is called with (request, staff, day received).
    moves: list[Callable] = field(default_factory=list)


def _day(received: datetime.datetime, days: int) -> datetime.date:
    return clock.day_of(received) + datetime.timedelta(days=days)


def _start(note):
    return lambda dsr, staff, received: workflow.request_start(request=dsr, actor=staff, note=note)


def _identity(note):
    return lambda dsr, staff, received: workflow.request_confirm_identity(
        request=dsr, actor=staff, note=note
    )


def _assign(dsr, staff, received):
    workflow.request_assign(request=dsr, actor=staff, assignee=staff)


def _ask(reasons, after_days):
    return lambda dsr, staff, received: workflow.request_ask_information(
        request=dsr, actor=staff, reasons=reasons, today=_day(received, after_days)
    )


def _extend(reasons, after_days):
    return lambda dsr, staff, received: workflow.request_extend(
        request=dsr, actor=staff, reasons=reasons, today=_day(received, after_days)
    )


def _complete(decision, **outcomes):
    def complete(dsr, staff, received):
        given = {right: RightDecision(*o) for right, o in outcomes.items()} or None
        pack = None
        if "access" in outcomes and outcomes["access"][0] != "refused":
            # The DPO's choice in the demo: the register's first two purposes, their sources
            # as the register states them.
            version, register = art15.pack_register(dsr)
            purposes = [p["id"] for p in register["purposes"][:2]]
            choices = art15.PackChoices(purposes=purposes, source=art15.Source.REGISTER)
            pack = art15.PackInput(version=version, register=register, choices=choices)
        workflow.request_complete(
            request=dsr, actor=staff, decision=decision, outcomes=given, pack=pack
        )

    return complete


def _recipients(dsr, staff, received):
    """Art. 19: the first recipient of the register told today, the next one impossible."""
    recipients = list(dsr.controller.recipients.order_by("name", "pk")[:2])
    if recipients:
        workflow.request_log_recipient_notified(
            request=dsr, actor=staff, recipients=recipients[:1], notified_on=clock.today()
        )
    if len(recipients) > 1:
        workflow.request_log_recipient_notified(
            request=dsr,
            actor=staff,
            recipients=recipients[1:],
            outcome="impossible",
            note="Договорът е прекратен и получателят е заличен от търговския регистър.",
        )


def _refuse(ground, reasons):
    return lambda dsr, staff, received: workflow.request_refuse(
        request=dsr, actor=staff, ground=ground, reasons=reasons
    )


# Fictitious, with a valid check digit (python-stdnum bg.egn), so the forms would accept it.
REPEATER_EGN = "7503151233"

SCENARIOS = [
    Scenario(
        "demo.nov@example.invalid",
        "Иван Новаков",
        "plovdiv",
        ["access"],
        1,
        details="Моля за копие от данните ми, свързани с жалба до общината.",
    ),
    Scenario(
        "demo.samolichnost@example.invalid",
        "Пенка Пълномощникова",
        "medipro",
        ["erasure"],
        4,
        details="Подавам искането от името на майка си.",
        extra={"on_behalf_of": "Радка Пълномощникова"},
        moves=[_assign, _start("Чакаме нотариално заверено пълномощно.")],
    ),
    Scenario(
        "demo.pauza@example.invalid",
        "Стоян Уточнев",
        "cpz-sofia",
        ["access", "portability"],
        12,
        moves=[
            _start(""),
            _ask("Моля, посочете за кой период и от кои системи желаете данните.", 3),
        ],
    ),
    Scenario(
        "demo.udalzheno@example.invalid",
        "Mila Extended",
        "bezgloba",
        ["access"],
        25,
        language="en",
        moves=[
            _identity("Identity card shown at the office."),
            _start(""),
            _extend("Records in three systems and two archives must be searched.", 10),
        ],
    ),
    Scenario(
        "demo.prosrocheno@example.invalid",
        "Тодор Закъснелов",
        "dkc2-plovdiv",
        ["rectification"],
        38,
        details="Грешен адрес в медицинското ми досие.",
        moves=[_start("")],
    ),
    Scenario(
        "demo.izpalneno@example.invalid",
        "Елена Изпълнена",
        "medipro",
        ["access", "erasure"],
        20,
        moves=[
            _identity("Лична карта, проверена на гише."),
            _start(""),
            _complete(
                "Прилагаме копие от данните Ви; изтрихме маркетинговите записи.",
                access=("granted",),
                erasure=(
                    "partly",
                    "art17_3",
                    "Фактурите се пазят 10 години по Закона за счетоводството, чл. 12.",
                ),
            ),
            _recipients,
        ],
    ),
    Scenario(
        "demo.otkaz@example.invalid",
        "Борис Повторов",
        "plovdiv",
        ["access"],
        9,
        extra={"national_id": REPEATER_EGN},
        moves=[
            _refuse(
                "unfounded",
                "Петото еднакво искане за последния месец; копие Ви изпратихме на 3-то число.",
            )
        ],
    ),
    Scenario(
        "demo.povtorno@example.invalid",
        "Борис Повторов",
        "plovdiv",
        ["access"],
        2,
        details="Искам отново копие от данните си.",
        # The same person (same ЕГН, another address): shown as a possible duplicate.
        extra={"national_id": REPEATER_EGN},
    ),
    Scenario(
        "demo.poshta@example.invalid",
        "Гергана Пощенска",
        "cpz-sofia",
        ["restriction"],
        6,
        channel="post",
        extra={"requester_address": "ул. „Примерна“ 1, 4000 Пловдив", "reply_channel": "post"},
        moves=[_assign],
    ),
]


def load_demo_requests(staff) -> list[DataSubjectRequest]:
    """Make the scenarios not made yet; the requests made."""
    made = []
    controllers = {c.slug: c for c in Controller.objects.all()}
    for scenario in SCENARIOS:
        controller = controllers.get(scenario.controller)
        if controller is None:
            continue
        if DataSubjectRequest.objects.filter(requester_email=scenario.email).exists():
            continue
        received = clock.now() - datetime.timedelta(days=scenario.days_ago)
        dsr = services.request_submit(
            controller=controller,
            language=scenario.language,
            rights=scenario.rights,
            requester_name=scenario.name,
            requester_email=scenario.email,
            details=scenario.details,
            channel=scenario.channel,
            received_at=received,
            entered_by=staff if scenario.channel != "web" else None,
            **scenario.extra,
        )
        for make_move in scenario.moves:
            make_move(dsr, staff, received)
        made.append(dsr)
    return made
