"""Single-line fields refuse control characters (issue 19): a name, a phone number, a title or a
subject with a line break or a tab in it could split a mail header, a CSV row or a log line,
and is never what a person meant to type."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls (tab and line feed included), DEL, C1 controls, and Unicode's own line and
# paragraph separators.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

MESSAGE = _("Write this on one line: remove line breaks, tabs and other control characters.")


def validate_single_line(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(MESSAGE, code="control_characters")


def is_single_line(field: forms.Field) -> bool:
    """A text field shown on one line: every CharField but those typed in a text area."""
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea)


def refuse_control_characters(field: forms.Field | None) -> forms.Field | None:
    if field is not None and is_single_line(field) and validate_single_line not in field.validators:
        field.validators.append(validate_single_line)
    return field


class SingleLineFieldsMixin:
    """For a Form: every single-line field refuses control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            refuse_control_characters(field)


class SingleLineAdminMixin:
    """For a ModelAdmin or an inline: every single-line field it builds from a model refuses
    control characters."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return refuse_control_characters(super().formfield_for_dbfield(db_field, request, **kwargs))
