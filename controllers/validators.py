"""Validators for Bulgarian identifiers and portal addresses."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.bg import vat
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

# Paths of the portal itself: a controller's /<slug>/ must never shadow them.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "en",
        "bg",
        "static",
        "media",
        "healthz",
        "requests",
        "i18n",
        "api",
        "accounts",
        "login",
        "logout",
        "privacy",
        "account",
        "dashboard",
        "robots.txt",
        "favicon.ico",
    }
)


def _bulstat_13_checksum(digits: str) -> int:
    # Register of the Bulgarian Registry Agency: the last 4 digits of a 13-digit ЕИК (a branch)
    # carry their own check digit, weights 2,7,3,5 then 4,9,5,7, modulo 11 (10 counts as 0).
    weights_first, weights_second = (2, 7, 3, 5), (4, 9, 5, 7)
    body = [int(d) for d in digits[8:12]]
    total = sum(w * d for w, d in zip(weights_first, body, strict=True)) % 11
    if total == 10:
        total = sum(w * d for w, d in zip(weights_second, body, strict=True)) % 11
    return total % 10


def normalize_eik(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper().removeprefix("BG")


def validate_eik(value: str) -> None:
    """ЕИК/БУЛСТАТ: 9 digits checked by python-stdnum (`bg.vat`), or 13 digits for a branch."""
    number = normalize_eik(value)
    if not number.isdigit() or len(number) not in (9, 13):
        raise ValidationError(
            _("An ЕИК/БУЛСТАТ has 9 or 13 digits."), code="eik_format", params={"value": value}
        )
    try:
        vat.validate(number[:9])
    except InvalidChecksum:
        raise ValidationError(
            _("The check digit of this ЕИК/БУЛСТАТ is wrong: please check the number."),
            code="eik_checksum",
        ) from None
    except StdnumError:
        raise ValidationError(_("An ЕИК/БУЛСТАТ has 9 or 13 digits."), code="eik_format") from None
    if len(number) == 13 and _bulstat_13_checksum(number) != int(number[12]):
        raise ValidationError(
            _("The check digit of this ЕИК/БУЛСТАТ is wrong: please check the number."),
            code="eik_checksum",
        )


def validate_public_slug(value: str) -> None:
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(value)s” is one of the portal's own addresses; choose another."),
            code="reserved_slug",
            params={"value": value},
        )
