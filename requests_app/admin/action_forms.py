"""Forms of the workflow moves in the admin; the moves themselves are in requests_app.workflow."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from controllers.models import Recipient
from gdpr_portal import permissions
from gdpr_portal.permissions import Action

from ..forms import MultipleFileField
from ..models import RefusalGround
from ..uploads import check_upload


class ReasonsForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons (sent to the requester)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("How the requester withdrew"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=None, required=False)

    def __init__(self, *args, dsr, **kwargs):
        super().__init__(*args, **kwargs)
        # Those who may handle this controller's requests (the permission policy's roles).
        roles = [
            r for r, acts in permissions.ROLE_ACTIONS.items() if Action.HANDLE_REQUESTS in acts
        ]
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                is_staff=True,
                memberships__controller=dsr.controller,
                memberships__role__in=roles,
            )
            .distinct()
            .order_by("username")
        )


class CompleteForm(forms.Form):
    decision = forms.CharField(
        label=_("Decision (sent to the requester)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    documents = MultipleFileField(
        label=_("Response documents (released on the status page)"), required=False
    )

    def clean_documents(self):
        errors, checked = [], []
        for uploaded in self.cleaned_data.get("documents") or []:
            try:
                checked.append(check_upload(uploaded))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return checked


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=RefusalGround.choices)
    reasons = forms.CharField(
        label=_("Reasons (sent to the requester)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class FeeForm(forms.Form):
    amount = forms.DecimalField(label=_("Fee (EUR)"), min_value=0, max_digits=8, decimal_places=2)
    justification = forms.CharField(
        label=_("Why the request is manifestly unfounded or excessive"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class Art19Form(forms.Form):
    recipient = forms.ModelChoiceField(label=_("Recipient"), queryset=Recipient.objects.none())
    notified_on = forms.DateField(label=_("Notified on"), initial=timezone.localdate)
    note = forms.CharField(label=_("How"), required=False, max_length=255)

    def __init__(self, *args, dsr, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Recipient.objects.filter(controller=dsr.controller)


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (a case, a claim, an authority's request)"),
        required=False,
        max_length=255,
    )


FORMS = {
    "hold": LegalHoldForm,
    "release_hold": NoteForm,
    "assign": AssignForm,
    "confirm_identity": NoteForm,
    "start": NoteForm,
    "ask_information": ReasonsForm,
    "resume": NoteForm,
    "extend": ReasonsForm,
    "complete": CompleteForm,
    "refuse": RefuseForm,
    "withdraw": WithdrawForm,
    "fee": FeeForm,
    "art19": Art19Form,
}

ACTION_LABELS = {
    "hold": _("Place a legal hold"),
    "release_hold": _("Lift the legal hold"),
    "assign": _("Assign"),
    "confirm_identity": _("Mark identity confirmed"),
    "start": _("Start work"),
    "ask_information": _("Request information (pauses the clock)"),
    "resume": _("Information received: resume"),
    "extend": _("Extend by two months"),
    "complete": _("Complete and send the decision"),
    "refuse": _("Refuse"),
    "withdraw": _("Record withdrawal"),
    "fee": _("Record a fee (Art. 12(5))"),
    "art19": _("Log a recipient told (Art. 19)"),
}
