"""The forms of the workflow moves: each form's fields are its service's keyword arguments,
and each form is given the request it acts on (`dsr`). The registry (requests_app.moves)
names which form a move uses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from controllers.models import Recipient
from gdpr_portal import clock, permissions
from gdpr_portal.permissions import Action
from gdpr_portal.single_line import SingleLineFieldsMixin

from .forms import MultipleFileField, check_uploads
from .models import RefusalGround


class MoveForm(SingleLineFieldsMixin, forms.Form):
    def __init__(self, *args, dsr, **kwargs):
        super().__init__(*args, **kwargs)
        self.dsr = dsr


class ReasonsForm(MoveForm):
    reasons = forms.CharField(
        label=_("Reasons (sent to the requester)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(MoveForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(MoveForm):
    note = forms.CharField(
        label=_("How the requester withdrew"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(MoveForm):
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=None, required=False)

    def __init__(self, *args, dsr, **kwargs):
        super().__init__(*args, dsr=dsr, **kwargs)
        # Those the permission policy lets handle this controller's requests.
        self.fields["assignee"].queryset = permissions.users_who_can(
            Action.HANDLE_REQUESTS, dsr.controller
        )


class CompleteForm(MoveForm):
    decision = forms.CharField(
        label=_("Decision (sent to the requester)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    documents = MultipleFileField(
        label=_("Response documents (released on the status page)"), required=False
    )

    def clean_documents(self):
        return check_uploads(self.cleaned_data.get("documents") or [])


class RefuseForm(MoveForm):
    ground = forms.ChoiceField(label=_("Ground"), choices=RefusalGround.choices)
    reasons = forms.CharField(
        label=_("Reasons (sent to the requester)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class FeeForm(MoveForm):
    amount = forms.DecimalField(label=_("Fee (EUR)"), min_value=0, max_digits=8, decimal_places=2)
    justification = forms.CharField(
        label=_("Why the request is manifestly unfounded or excessive"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class Art19Form(MoveForm):
    recipient = forms.ModelChoiceField(label=_("Recipient"), queryset=Recipient.objects.none())
    notified_on = forms.DateField(label=_("Notified on"), initial=clock.today)
    note = forms.CharField(label=_("How"), required=False, max_length=255)

    def __init__(self, *args, dsr, **kwargs):
        super().__init__(*args, dsr=dsr, **kwargs)
        self.fields["recipient"].queryset = Recipient.objects.filter(controller=dsr.controller)


class LegalHoldForm(MoveForm):
    reason = forms.CharField(
        label=_("Reason (a case, a claim, an authority's request)"),
        required=False,
        max_length=255,
    )


def confirmed_form(form_class: type[MoveForm], wording) -> type[MoveForm]:
    """`form_class` with a box to tick before an irreversible move runs: the confirmation
    step, shown and refused by the field like any other."""
    confirm = forms.BooleanField(
        label=wording,
        error_messages={"required": _("Tick the box to confirm: this cannot be undone.")},
    )
    return type(f"Confirmed{form_class.__name__}", (form_class,), {"confirm": confirm})
