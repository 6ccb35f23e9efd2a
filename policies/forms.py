from django import forms
from django.utils.translation import gettext_lazy as _

from controllers.models import Language
from gdpr_portal import clock
from gdpr_portal.form_fields import email_field
from gdpr_portal.single_line import SingleLineFieldsMixin

from .choices import SourceFormat
from .models import PolicyVersion
from .stated_dates import BadStatedDate, parse_stated_date


class SubscriptionForm(SingleLineFieldsMixin, forms.Form):
    email = email_field()


class PublishForm(SingleLineFieldsMixin, forms.Form):
    # Errors are never overridden: only warnings are accepted, each time with a reason.
    warnings_reason = forms.CharField(
        label=_("Reason for accepting the warnings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with the version; required when the compliance check has warnings."),
    )


class ImportOriginalForm(SingleLineFieldsMixin, forms.Form):
    """The policy a controller already publishes, with the date it states (the admin's import
    page; the same service as `manage.py import_policy`)."""

    controller = forms.ModelChoiceField(label=_("Controller"), queryset=None)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("The policy as published: plain text, Markdown or HTML, in UTF-8."),
    )
    text = forms.CharField(
        label=_("Or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    format = forms.ChoiceField(label=_("Format"), choices=SourceFormat.choices)
    language = forms.ChoiceField(label=_("Language of the text"), choices=Language.choices)
    stated_date = forms.CharField(
        label=_("Date stated by the controller"),
        help_text=_(
            "As the controller gives it: 2022-06-13 for a day, 2022-08 for a month, 2019 for a "
            "year, or none when the text states no date."
        ),
        error_messages={"required": _("Give the date the controller states, or none.")},
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=255,
        help_text=_("Left empty: the text's first heading."),
    )

    def __init__(self, *args, controllers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["controller"].queryset = controllers

    def clean_stated_date(self):
        try:
            return parse_stated_date(self.cleaned_data["stated_date"])
        except BadStatedDate as error:
            raise forms.ValidationError(str(error), code="date") from None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            try:
                cleaned["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("file", _("This file cannot be read as UTF-8 text."))
        elif not cleaned.get("text", "").strip():
            self.add_error("text", _("Choose a file or paste the text."))
        return cleaned


class PolicyVersionForm(SingleLineFieldsMixin, forms.ModelForm):
    """A draft in the admin: its effective date may not be before today, since a new version
    cannot take effect before the day it is published (imports of an existing policy are
    published by their own path, `services.policy_import_original`)."""

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


class WithdrawForm(SingleLineFieldsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to everyone on the version's page and in its history."),
        error_messages={"required": _("Give the reason for the withdrawal.")},
    )
