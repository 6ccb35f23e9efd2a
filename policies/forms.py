from django import forms
from django.utils.translation import gettext_lazy as _


class SubscriptionForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter a valid email address, such as name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PublishForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for publishing despite the errors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with the version; required when the compliance check has errors."),
    )
