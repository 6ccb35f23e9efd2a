"""YAML in and out, and the keys that link purposes to recipients and retention rules."""

import re

import yaml
from django.utils.translation import gettext as _

from .errors import RegisterInvalid

HEADER = "# A register of processing for GDPR Portal; the format: docs/register-format.md\n"


_NUMERIC = re.compile(r"[0-9][0-9 ._/+-]*")


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Lists indented under their key, as people write them by hand.
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line texts (policy sections) as literal blocks, the way they read.
    style = "|" if "\n" in value else None
    if _NUMERIC.fullmatch(value):
        style = "'"  # ЕИК 000463258 stays text for every YAML reader, not only for PyYAML
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(document: dict) -> str:
    body = yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return HEADER + body


def load(text: str, source: str):
    """The document in `text`; safe_load only, so a file can never run code."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = (
            _("line %(line)s, column %(column)s")
            % {"line": mark.line + 1, "column": mark.column + 1}
            if mark
            else ""
        )
        detail = getattr(error, "problem", None) or str(error)
        raise RegisterInvalid.single(
            source, where, _("Not valid YAML: %(detail)s") % {"detail": detail}
        ) from None


# The Bulgarian transliteration law (ДВ бр. 19/2009), so that generated keys read aloud.
_LATIN = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "h",
            "ts",
            "ch",
            "sh",
            "sht",
            "a",
            "y",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def make_key(name: str, taken: set[str]) -> str:
    """A short ASCII key from a name, unique among `taken` (which it joins)."""
    latin = "".join(_LATIN.get(char, char) for char in name.lower())
    words = re.findall(r"[a-z0-9]+", latin)
    key = ""
    for word in words:
        if key and len(key) + len(word) + 1 > 40:
            break
        key = f"{key}-{word}" if key else word
    key = key[:40] or "item"
    candidate, number = key, 2
    while candidate in taken:
        candidate, number = f"{key}-{number}", number + 1
    taken.add(candidate)
    return candidate
