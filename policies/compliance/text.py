"""Rules that read the policy's words: the editors' sections, the register's texts printed in the
policy, and the text of an imported original. Each pattern is written over the Bulgarian and
English wording the seeds and their translations use; each finding quotes its sentence."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .findings import Finding, Severity, sentence_at

_I = re.IGNORECASE

# Mere use of the site presented as consent (GDPR Arts 4(11), 7; CJEU C-673/17 Planet49).
USE_AS_CONSENT = re.compile(
    r"(като\s+(из)?ползвате|с\s+(из)?ползването\s+на|продължавайки\s+да\s+(из)?ползвате)"
    r"[^.]{0,80}(сайт|уебсайт|страниц|услуг)[^.]{0,80}(съглас|приема)"
    r"|by\s+(using|continuing\s+to\s+use|browsing)[^.]{0,80}(site|website|service)"
    r"[^.]{0,80}(agree|consent|accept)",
    _I,
)
# The policy may change without users being told (GDPR Arts 12(1), 13; WP260 §§ 29–32).
SILENT_CHANGES = re.compile(
    r"без\s+(предварително\s+)?(уведом|предизвест|известява)"
    r"|without\s+(prior\s+|further\s+)?(notice|notification|informing)",
    _I,
)
# The EU–US Privacy Shield by any of its names: invalid since CJEU C-311/18 (16 July 2020).
# The Data Privacy Framework („Рамка за защита на данните между ЕС и САЩ“) is another thing.
PRIVACY_SHIELD = re.compile(
    r"privacy[\s-]+shield"
    r"|щит\w*\s+за\s+(личните\s+данни|поверителност|неприкосновеност)"
    r"|(защита\w*|споразумени\w*)\s+за\s+поверителност\s+между\s+ЕС\s+и\s+САЩ",
    _I,
)
# "Equivalent" protection claimed for a third country: no Chapter V mechanism.
EQUIVALENCE = re.compile(r"равностойн\w*|еквивалентн\w*|equivalent|правно\s+разумно\s+ниво", _I)
PROTECTION = re.compile(r"защит|protection", _I)
# …unless the sentence names the Commission's adequacy decision (GDPR Art. 45).
ADEQUACY_DECISION = re.compile(
    r"европейската\s+комисия|решение\w*\s+(\w+\s+){0,3}адекватност|чл\.\s*45"
    r"|european\s+commission|adequacy\s+decision|art(icle|\.)\s*45",
    _I,
)
# A right the law grants declared impossible (GDPR Arts 15, 16, 21, 7(3), 77).
_RIGHT = (
    r"(възражение(то)?|право(то)?\s+на\s+(възражение|достъп|коригиране|поправка|жалба)"
    r"|оттеглянето\s+на\s+съгласието|objection|(the\s+)?right\s+(of|to)\s+"
    r"(object|access|rectification|complain)\w*)"
)
RIGHT_DENIED = re.compile(
    _RIGHT + r"\s+(е|не\s+е|is|is\s+not)\s+"
    r"(невъзможн\w*|възможн\w*|допустим\w*|impossible|possible|available)",
    _I,
)
_NEGATED = re.compile(r"невъзможн|не\s+е\s+|is\s+not|impossible", _I)
# Retention "as long as necessary" (GDPR Art. 13(2)(a): a period or the criteria that set it).
AS_LONG_AS_NECESSARY = re.compile(
    r"не\s+по-дълъг\s+от\s+необходимото|колкото\s+е\s+необходимо|докато\s+е\s+необходимо"
    r"|(as\s+long\s+as|no\s+longer\s+than)\s+(is\s+)?necessary",
    _I,
)
CONSENT_WITHDRAWAL = re.compile(r"оттегл|withdraw", _I)
A_PERIOD = re.compile(r"\d+\s*(год|месец|ден|дни|седмиц|years?|months?|days?|weeks?)", _I)


@dataclass
class Context:
    """What the text rules need to know of the register."""

    objection_applies: bool = True  # some processing rests on Art. 6(1)(e) or (f)
    non_necessary_cookies: list[str] = field(default_factory=list)
    has_period: bool = False  # the register or the text states some retention period


def check_passages(passages: list[tuple[str, str]], context: Context) -> list[Finding]:
    """Findings over (section, text) passages, in the order of the text."""
    found: list[Finding] = []
    has_period = context.has_period or any(A_PERIOD.search(text) for _s, text in passages)
    for section, text in passages:
        for match in USE_AS_CONSENT.finditer(text):
            quote = sentence_at(text, *match.span())
            found.append(_use_as_consent(section, quote))
            if context.non_necessary_cookies:
                found.append(_cookies_by_use(section, quote, context.non_necessary_cookies))
        for match in SILENT_CHANGES.finditer(text):
            found.append(
                Finding(
                    Severity.ERROR,
                    "silent_changes",
                    _("The text says the policy may change without informing people."),
                    section,
                    _("GDPR Arts 12(1), 13; WP260 §§ 29–32"),
                    sentence_at(text, *match.span()),
                )
            )
        for match in PRIVACY_SHIELD.finditer(text):
            found.append(
                Finding(
                    Severity.ERROR,
                    "privacy_shield_claimed",
                    _(
                        "The text relies on the EU–US Privacy Shield, which the Court of "
                        "Justice invalidated on 16 July 2020."
                    ),
                    section,
                    _("GDPR Art. 45; CJEU C‑311/18 (Schrems II)"),
                    sentence_at(text, *match.span()),
                )
            )
        found.extend(_equivalence(section, text))
        found.extend(_rights_denied(section, text, context))
        if not has_period:
            for match in AS_LONG_AS_NECESSARY.finditer(text):
                found.append(
                    Finding(
                        Severity.ERROR,
                        "retention_as_long_as_necessary",
                        _(
                            "Retention is “as long as necessary” with no period and no "
                            "criterion that sets it."
                        ),
                        section,
                        _("GDPR Art. 13(2)(a)"),
                        sentence_at(text, *match.span()),
                    )
                )
    return _unique(found)


def _use_as_consent(section: str, quote: str) -> Finding:
    return Finding(
        Severity.ERROR,
        "use_as_consent",
        _("The text presents use of the site as consent."),
        section,
        _("GDPR Arts 4(11), 7; CJEU C‑673/17 (Planet49)"),
        quote,
    )


def _cookies_by_use(section: str, quote: str, cookies: list[str]) -> Finding:
    return Finding(
        Severity.ERROR,
        "cookies_consent_by_use",
        _(
            "Cookies that are not strictly necessary (%(cookies)s) are set under “consent by "
            "use”: they need consent given by a clear affirmative act."
        )
        % {"cookies": ", ".join(cookies)},
        section,
        _("Electronic Communications Act Art. 4a; GDPR Art. 4(11); CJEU C‑673/17"),
        quote,
    )


def _equivalence(section: str, text: str) -> list[Finding]:
    out = []
    for match in EQUIVALENCE.finditer(text):
        quote = sentence_at(text, *match.span())
        if PROTECTION.search(quote) and not ADEQUACY_DECISION.search(quote):
            out.append(
                Finding(
                    Severity.ERROR,
                    "equivalence_claimed",
                    _(
                        "The text calls a third country's protection “equivalent” without an "
                        "adequacy decision: equivalence is not a transfer mechanism."
                    ),
                    section,
                    _("GDPR Arts 44–46"),
                    quote,
                )
            )
    return out


def _rights_denied(section: str, text: str, context: Context) -> list[Finding]:
    out = []
    for match in RIGHT_DENIED.finditer(text):
        said = match.group(0)
        tail = said[match.end(1) - match.start() :]
        negated = bool(_NEGATED.search(tail))
        if not negated:
            continue
        objection = re.search(r"възраж|object", match.group(1), _I)
        # Art. 21 exists for processing under 6(1)(e)/(f) and direct marketing: saying it does
        # not apply elsewhere is right, denying it where it applies is not.
        if objection and not context.objection_applies:
            continue
        out.append(
            Finding(
                Severity.ERROR,
                "right_denied",
                _("The text declares impossible a right the law grants."),
                section,
                _("GDPR Arts 12(2), 15–21, 77"),
                sentence_at(text, *match.span()),
            )
        )
    return out


def _unique(findings: list[Finding]) -> list[Finding]:
    """A sentence quoted once per rule, though its words may match twice."""
    seen, out = set(), []
    shield = {(f.section, f.quote) for f in findings if f.rule == "privacy_shield_claimed"}
    for finding in findings:
        key = (finding.rule, finding.section, finding.quote)
        # The Shield's own promise of "equivalent" protection is the same defect, told once.
        if finding.rule == "equivalence_claimed" and key[1:] in shield:
            continue
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


_HEADING_MAX = 120


def original_passages(text: str, fallback: str) -> list[tuple[str, str]]:
    """An imported text as (heading, paragraph) passages: a short line that does not end a
    sentence names the section of the lines after it."""
    section = fallback
    out = []
    for line in text.splitlines():
        stripped = line.strip().lstrip("•·-–— ").strip()
        if not stripped:
            continue
        if len(stripped) <= _HEADING_MAX and stripped[-1] not in ".,;:!?…" and "@" not in stripped:
            section = stripped
        out.append((section, stripped))
    return out
