"""The decision on each right of a request: granted, partly granted or refused, each refusal on
a named ground with reasons (GDPR Art. 12(4)), and the text the requester reads."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from .choices import Outcome, RefusalGround, Right, ground_fits

# Rights whose exercise discloses or changes the data: the requester's identity is checked
# first (Art. 12(6); EDPB Guidelines 01/2022 §§ 60–79). Objecting, withdrawing consent and
# contesting an automated decision do not hand anything over.
IDENTITY_RIGHTS = {
    Right.ACCESS,
    Right.PORTABILITY,
    Right.RECTIFICATION,
    Right.ERASURE,
    Right.RESTRICTION,
}


@dataclass(frozen=True)
class RightDecision:
    outcome: str
    ground: str = ""
    reasons: str = ""


def decision_refusal(right: str, decision: RightDecision) -> str | None:
    """Why `decision` on `right` cannot be given, or None: a refusal, whole or in part, names a
    ground that fits the right and gives reasons."""
    if decision.outcome not in Outcome.values:
        return _("Choose a decision for every right.")
    if decision.outcome == Outcome.GRANTED:
        return None
    if decision.ground not in RefusalGround.values:
        return _("A refusal, in whole or in part, names its ground.")
    if not ground_fits(decision.ground, right):
        return _("%(ground)s does not apply to the right of %(right)s.") % {
            "ground": RefusalGround(decision.ground).label,
            "right": Right(right).label,
        }
    if not decision.reasons.strip():
        return _("Give the reasons: they are sent to the requester.")
    return None


def decisions_text(decisions: dict[str, RightDecision], language: str) -> str:
    """The decision on each right, in the requester's language, for the message and the record."""
    lines = []
    with translation.override(language):
        for right, decision in decisions.items():
            line = f"{Right(right).label}: {Outcome(decision.outcome).label}"
            if decision.outcome != Outcome.GRANTED:
                line += f" – {RefusalGround(decision.ground).label}. {decision.reasons.strip()}"
            lines.append(line)
    return "\n".join(f"• {line}" for line in lines)
