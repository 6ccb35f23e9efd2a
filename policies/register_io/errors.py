"""What goes wrong in a register file, said with the file, the path in the document and the
field, in the active language."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    path: str  # for example "purposes[2].legal_bases[0].basis"; "" for the whole document
    message: str
    label: str = ""  # the field's name as staff know it from the admin, when there is one

    def describe(self, source: str) -> str:
        where = f"{source}: {self.path}" if self.path else source
        field = f" ({self.label})" if self.label else ""
        return f"{where}{field}: {self.message}"


class Problems:
    """Collects every problem of a document, so that the author fixes them in one pass."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: str, message: str, label: str = "") -> None:
        self.items.append(Problem(path, str(message), str(label)))

    def __bool__(self) -> bool:
        return bool(self.items)


class RegisterInvalid(Exception):
    """The document was refused; nothing was stored."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(problem.describe(source) for problem in problems))

    @classmethod
    def single(cls, source: str, path: str, message: str) -> "RegisterInvalid":
        return cls(source, [Problem(path, str(message))])


def not_a_mapping() -> str:
    return _("Expected a group of fields (a mapping).")
