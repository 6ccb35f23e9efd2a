"""Form fields the public forms of every app ask the same way."""

from django import forms
from django.utils.translation import gettext_lazy as _


def email_field(help_text="") -> forms.EmailField:
    """A citizen's email address: its label, browser autocompletion and errors in their words."""
    return forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=help_text,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter a valid email address, such as name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
