from django import forms
from django.utils.translation import gettext_lazy as _

from gdpr_portal import clock

from .models import PolicyVersion


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


class PolicyVersionForm(forms.ModelForm):
    """A draft in the admin: its effective date may not be before today, since a new version
    cannot take effect before the day it is published (imports of an existing policy are
    published by their own path, `policy_publish(backdated_import=True)`)."""

    class Meta:
        model = PolicyVersion
        fields = ["policy", "language", "title", "effective_date", "change_summary"]

    def clean_effective_date(self):
        day = self.cleaned_data["effective_date"]
        if day is not None and day < clock.today():
            raise forms.ValidationError(
                _("A new version cannot take effect before the day it is published (today).")
            )
        return day


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to everyone on the version's page and in its history."),
        error_messages={"required": _("Give the reason for the withdrawal.")},
    )
