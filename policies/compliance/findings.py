"""What a finding of the compliance check says: the rule (a stable code), how grave it is, the
article it rests on, the section of the policy, and the offending words quoted verbatim."""

import re
from dataclasses import asdict, dataclass
from enum import StrEnum

QUOTE_MAX = 300
# A sentence ends at . ! ? followed by a space or line end, or at a line break.
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)|\n")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    rule: str
    message: str
    section: str
    article: str
    quote: str = ""

    def as_dict(self) -> dict:
        return {**asdict(self), "severity": str(self.severity)}


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of `text` around the span start..end, verbatim, trimmed to QUOTE_MAX."""
    left = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        left = found.end()
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    sentence = text[left:right].strip()
    if len(sentence) <= QUOTE_MAX:
        return sentence
    # Keep the offending words, with as much of the sentence around them as fits.
    middle = (start + end) // 2 - left
    begin = max(0, min(middle - QUOTE_MAX // 2, len(sentence) - QUOTE_MAX))
    cut = sentence[begin : begin + QUOTE_MAX].strip()
    return ("…" if begin else "") + cut + ("…" if begin + QUOTE_MAX < len(sentence) else "")


def has_errors(findings: list[Finding] | list[dict]) -> bool:
    return any(
        (f.severity if isinstance(f, Finding) else f["severity"]) == Severity.ERROR
        for f in findings
    )


def counts(findings: list[Finding] | list[dict]) -> dict[str, int]:
    """{"error": n, "warning": m} for a list of findings (objects or stored dicts)."""
    out = {Severity.ERROR.value: 0, Severity.WARNING.value: 0}
    for finding in findings:
        severity = finding.severity if isinstance(finding, Finding) else finding["severity"]
        out[str(severity)] += 1
    return out
