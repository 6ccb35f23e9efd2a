"""Fixed enumerations of the GDPR, each value with its article reference.

Labels are translated through the catalogue (Bulgarian and English); the article reference is
the same in every language.
"""

from django.db import models
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# Points of an article: (a), (b)… in English; „а“, „б“… in Bulgarian.
POINTS = {
    "a": pgettext_lazy("GDPR point letter", "a"),
    "b": pgettext_lazy("GDPR point letter", "b"),
    "c": pgettext_lazy("GDPR point letter", "c"),
    "d": pgettext_lazy("GDPR point letter", "d"),
    "e": pgettext_lazy("GDPR point letter", "e"),
    "f": pgettext_lazy("GDPR point letter", "f"),
    "g": pgettext_lazy("GDPR point letter", "g"),
    "h": pgettext_lazy("GDPR point letter", "h"),
    "i": pgettext_lazy("GDPR point letter", "i"),
    "j": pgettext_lazy("GDPR point letter", "j"),
}

ART_6_1 = gettext_noop("Art. 6(1)(%(point)s)")
ART_9_2 = gettext_noop("Art. 9(2)(%(point)s)")
ART_49_1 = gettext_noop("Art. 49(1)(%(point)s)")


def article(text: str, letter: str) -> str:
    """An article reference in the active language: “Art. 6(1)(f)”, “чл. 6, пар. 1, буква „е“”."""
    return gettext(text) % {"point": POINTS[letter]}


class LegalBasis(models.TextChoices):
    """GDPR Art. 6(1)(a)–(f)."""

    CONSENT = "a", _("consent of the data subject")
    CONTRACT = "b", _("performance of a contract or steps before entering into it")
    LEGAL_OBLIGATION = "c", _("compliance with a legal obligation of the controller")
    VITAL_INTERESTS = "d", _("protection of vital interests")
    PUBLIC_TASK = "e", _("a task in the public interest or in the exercise of official authority")
    LEGITIMATE_INTERESTS = "f", _("legitimate interests of the controller or a third party")

    @property
    def article(self) -> str:
        return article(ART_6_1, self.value)


class Art9Condition(models.TextChoices):
    """GDPR Art. 9(2)(a)–(j): the condition that lifts the ban on special-category data."""

    EXPLICIT_CONSENT = "a", _("explicit consent")
    EMPLOYMENT = "b", _("obligations in employment, social security and social protection law")
    VITAL_INTERESTS = "c", _("vital interests of a person incapable of giving consent")
    NOT_FOR_PROFIT = "d", _("activities of a not-for-profit body with members")
    MADE_PUBLIC = "e", _("data manifestly made public by the data subject")
    LEGAL_CLAIMS = "f", _("establishment, exercise or defence of legal claims")
    SUBSTANTIAL_PUBLIC_INTEREST = "g", _("substantial public interest on the basis of law")
    HEALTH_CARE = (
        "h",
        _("preventive or occupational medicine, medical diagnosis, health or social care"),
    )
    PUBLIC_HEALTH = "i", _("public interest in the area of public health")
    ARCHIVING_RESEARCH = (
        "j",
        _("archiving in the public interest, scientific or historical research, statistics"),
    )

    @property
    def article(self) -> str:
        return article(ART_9_2, self.value)


class TransferSafeguard(models.TextChoices):
    """The ground for a transfer outside the EEA (GDPR Chapter V)."""

    ADEQUACY = "adequacy", _("adequacy decision")
    SCC = "scc", _("standard contractual clauses")
    BCR = "bcr", _("binding corporate rules")
    DEROGATION_A = "49a", _("derogation: explicit consent to the transfer")
    DEROGATION_B = "49b", _("derogation: performance of a contract with the data subject")
    DEROGATION_C = "49c", _("derogation: a contract in the data subject's interest")
    DEROGATION_D = "49d", _("derogation: important reasons of public interest")
    DEROGATION_E = "49e", _("derogation: legal claims")
    DEROGATION_F = "49f", _("derogation: vital interests")
    DEROGATION_G = "49g", _("derogation: transfer from a public register")
    # Kept only so that old policies can be held as published: the CJEU invalidated the
    # EU–US Privacy Shield in C‑311/18 (Schrems II) on 16 July 2020.
    PRIVACY_SHIELD = "privacy_shield", _("EU–US Privacy Shield (invalidated)")

    @property
    def article(self) -> str:
        if self.value.startswith("49"):
            return article(ART_49_1, self.value[2])
        return gettext(TRANSFER_ARTICLES[self])

    @property
    def is_valid_mechanism(self) -> bool:
        return self != TransferSafeguard.PRIVACY_SHIELD


TRANSFER_ARTICLES = {
    TransferSafeguard.ADEQUACY: _("Art. 45"),
    TransferSafeguard.SCC: _("Art. 46(2)(c)"),
    TransferSafeguard.BCR: _("Art. 47"),
    TransferSafeguard.PRIVACY_SHIELD: _("Decision (EU) 2016/1250, invalid since C‑311/18"),
}


class DataKind(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary")
    SPECIAL = "special", _("special category (Art. 9)")
    CRIMINAL = "criminal", _("criminal convictions and offences (Art. 10)")


class DataSource(models.TextChoices):
    DATA_SUBJECT = "data_subject", _("the data subject")
    THIRD_PARTIES = "third_parties", _("third parties")
    PUBLIC_REGISTERS = "public_registers", _("public registers")


# The European Economic Area: transfers to anywhere else need a Chapter V ground.
EEA_COUNTRIES = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        "IS", "LI", "NO",
    }
)  # fmt: skip


class VersionOrigin(models.TextChoices):
    """Where a version's text comes from."""

    GENERATED = "generated", _("generated from the register")
    IMPORTED = "imported", _("as published by the controller")


class DatePrecision(models.TextChoices):
    """How precisely a controller dated its own policy ("13.06.2022", "август 2022", "2019")."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    NONE = "none", _("date not stated")


class SourceFormat(models.TextChoices):
    TEXT = "text", _("plain text")
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("HTML")


class Topic(models.TextChoices):
    """The sections of a privacy policy, in the order of GDPR Arts 13 and 14
    (shared checklist: controller first, changes to the policy last)."""

    CONTROLLER = "controller", _("Who is the controller")
    DPO = "dpo", _("Data protection officer")
    PURPOSES = "purposes", _("Purposes and legal bases")
    INTERESTS = "interests", _("Legitimate interests")
    DATA = "data", _("Categories of data and of data subjects")
    SOURCES = "sources", _("Where the data comes from")
    RECIPIENTS = "recipients", _("Recipients")
    TRANSFERS = "transfers", _("Transfers outside the EEA")
    RETENTION = "retention", _("How long we keep personal data")
    RIGHTS = "rights", _("Your rights and how to exercise them")
    CONSENT = "consent", _("Withdrawing consent")
    COMPLAINT = "complaint", _("Complaints to the supervisory authority")
    REQUIREMENT = "requirement", _("Whether you must provide the data")
    AUTOMATED = "automated", _("Automated decisions and profiling")
    COOKIES = "cookies", _("Cookies and similar technologies")
    CHANGES = "changes", _("Changes to this policy")
