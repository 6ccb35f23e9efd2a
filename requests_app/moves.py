"""Which workflow moves a request offers, and running one from a form's cleaned data."""

from . import workflow
from .models import OPEN_STATUSES, DataSubjectRequest, Status

ART19 = {"rectification", "erasure", "restriction"}


def available_moves(dsr: DataSubjectRequest) -> list[str]:
    """The moves worth offering now; the workflow still checks each one when it runs."""
    hold = ["release_hold"] if dsr.legal_hold else ["hold"]
    if dsr.status not in OPEN_STATUSES:
        return (["art19"] if _has_art19_right(dsr) else []) + hold
    moves = ["assign"]
    if not dsr.identity_confirmed_at:
        moves.append("confirm_identity")
    if dsr.status == Status.NEW:
        moves.append("start")
    if dsr.status == Status.INFO_REQUESTED:
        moves.append("resume")
    else:
        moves.append("ask_information")
    if dsr.status in (Status.NEW, Status.IN_PROGRESS):
        moves.append("extend")
    if dsr.status != Status.INFO_REQUESTED:
        moves.append("complete")
    moves += ["refuse", "withdraw", "fee"]
    if _has_art19_right(dsr):
        moves.append("art19")
    return moves + hold


def _has_art19_right(dsr: DataSubjectRequest) -> bool:
    return any(r.right in ART19 for r in dsr.requested_rights.all())


def run_move(move: str, dsr: DataSubjectRequest, actor, data: dict):
    calls = {
        "assign": lambda: workflow.request_assign(
            request=dsr, actor=actor, assignee=data["assignee"]
        ),
        "confirm_identity": lambda: workflow.request_confirm_identity(
            request=dsr, actor=actor, note=data["note"]
        ),
        "start": lambda: workflow.request_start(request=dsr, actor=actor),
        "ask_information": lambda: workflow.request_ask_information(
            request=dsr, actor=actor, reasons=data["reasons"]
        ),
        "resume": lambda: workflow.request_resume(request=dsr, actor=actor, note=data["note"]),
        "extend": lambda: workflow.request_extend(
            request=dsr, actor=actor, reasons=data["reasons"]
        ),
        "complete": lambda: workflow.request_complete(
            request=dsr, actor=actor, decision=data["decision"], documents=data["documents"]
        ),
        "refuse": lambda: workflow.request_refuse(
            request=dsr, actor=actor, ground=data["ground"], reasons=data["reasons"]
        ),
        "withdraw": lambda: workflow.request_withdraw(request=dsr, actor=actor, note=data["note"]),
        "fee": lambda: workflow.request_record_fee(
            request=dsr, actor=actor, amount=data["amount"], justification=data["justification"]
        ),
        "hold": lambda: workflow.request_set_legal_hold(
            request=dsr, actor=actor, hold=True, reason=data["reason"]
        ),
        "release_hold": lambda: workflow.request_set_legal_hold(
            request=dsr, actor=actor, hold=False, reason=data["note"]
        ),
        "art19": lambda: workflow.request_log_recipient_notified(
            request=dsr,
            actor=actor,
            recipient=data["recipient"],
            notified_on=data["notified_on"],
            note=data["note"],
        ),
    }
    return calls[move]()
