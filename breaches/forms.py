"""The forms of the breach register's pages: the record itself and each move on its own page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Exception343
from .models import Breach
from .services import FACT_FIELDS

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


LOCAL_TIME = _("Local time (Europe/Sofia).")


def _moment(label, *, required=True, help_text=LOCAL_TIME):
    """A date and time typed in Sofia's local time (TIME_ZONE), kept aware; the browser's own
    picker, no script (the CSP allows none inline)."""
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
        help_text=help_text,
    )


def _model_label(name: str):
    return Breach._meta.get_field(name).verbose_name


class BreachForm(forms.ModelForm):
    occurred_at = _moment(_model_label("occurred_at"), required=False)
    aware_at = _moment(
        _model_label("aware_at"), help_text=Breach._meta.get_field("aware_at").help_text
    )

    class Meta:
        model = Breach
        fields = FACT_FIELDS


class NotifyForm(forms.Form):
    sent_at = _moment(_("sent"))
    content = forms.CharField(
        label=_("what was notified"),
        widget=forms.Textarea,
        help_text=_("The first notice, or what this phase adds (Art. 33(4))."),
    )
    reasons_for_delay = forms.CharField(
        label=_("reasons for the delay"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Required when the notification is given after the 72 hours (Art. 33(1))."),
    )
    authority_reference = forms.CharField(
        label=_("authority's reference"), max_length=100, required=False
    )


class CommunicateForm(forms.Form):
    communicated_at = _moment(_("communicated"))
    channel = forms.CharField(
        label=_("how they were told"),
        max_length=255,
        help_text=_("For example: by email and by letter to each person affected."),
    )


class ExceptionForm(forms.Form):
    ground = forms.ChoiceField(label=_("Art. 34(3) exception"), choices=Exception343.choices)
    reasons = forms.CharField(label=_("reasons for the exception"), widget=forms.Textarea)
