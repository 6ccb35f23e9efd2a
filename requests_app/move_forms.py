"""The forms of the workflow moves: each form's fields are its service's keyword arguments,
and each form is given the request it acts on (`dsr`). The registry (requests_app.moves)
names which form a move uses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from controllers.models import Recipient
from gdpr_portal import clock, permissions
from gdpr_portal.permissions import Action
from gdpr_portal.single_line import SingleLineFieldsMixin

from .answer_forms import AnswerFieldsMixin
from .decisions import RightDecision, decision_refusal
from .forms import MultipleFileField, check_uploads
from .models import Attachment, Message, Outcome, RecipientNotification, RefusalGround, Right


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


class ResumeForm(NoteForm):
    """The day the answer arrived ends the pause (deadlines.md point 5): the day of the
    requester's first reply on the status page since the pause, unless staff say otherwise
    (an answer by post or in person)."""

    received_on = forms.DateField(
        label=_("The answer arrived on"),
        required=False,
        help_text=_("Not before the pause began and not in the future."),
    )

    def __init__(self, *args, dsr, **kwargs):
        super().__init__(*args, dsr=dsr, **kwargs)
        from django.utils import timezone

        reply = (
            dsr.messages.filter(
                direction=Message.Direction.FROM_REQUESTER,
                created_at__date__gte=dsr.paused_since,
            )
            .order_by("created_at")
            .first()
            if dsr.paused_since
            else None
        )
        self.fields["received_on"].initial = (
            timezone.localtime(reply.created_at).date() if reply else clock.today()
        )


class StartForm(NoteForm):
    promised_on = forms.DateField(
        label=_("Answer promised by (optional)"),
        required=False,
        help_text=_("Never later than the statutory deadline."),
    )


class CompleteForm(AnswerFieldsMixin, MoveForm):
    """The decision on each right requested (granted, partly, refused, each refusal on its
    ground with reasons), a covering text, and the documents released: for an access request
    what its Art. 15 information covers, for portability the data as JSON or CSV."""

    decision = forms.CharField(
        label=_("Decision (sent to the requester)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    documents = MultipleFileField(
        label=_("Response documents (released on the status page)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, up to 5 files of 5 MB each."),
    )
    available_until = forms.DateField(
        label=_("Documents available until (inclusive)"),
        required=False,
        help_text=_("The requester can download them to the end of this day; at most a year."),
    )

    def __init__(self, *args, dsr, **kwargs):
        super().__init__(*args, dsr=dsr, **kwargs)
        self.rights = [r.right for r in dsr.requested_rights.all()]
        for right in self.rights:
            label = Right(right).label
            self.fields[f"outcome_{right}"] = forms.ChoiceField(
                label=_("Decision on %(right)s") % {"right": label},
                choices=Outcome.choices,
                initial=Outcome.GRANTED,
            )
            self.fields[f"ground_{right}"] = forms.ChoiceField(
                label=_("Ground, if refused in whole or in part"),
                choices=[("", "—"), *RefusalGround.choices],
                required=False,
            )
            self.fields[f"reasons_{right}"] = forms.CharField(
                label=_("Reasons, if refused in whole or in part"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.add_answer_fields()
        from .releases import download_days, release_until  # it imports this module

        self.fields["available_until"].initial = release_until(clock.today(), download_days())

    def clean_documents(self):
        return check_uploads(self.cleaned_data.get("documents") or [])

    def clean_available_until(self):
        from .releases import check_release_day

        until = self.cleaned_data.get("available_until")
        if until is not None:
            check_release_day(until, clock.today())
        return until

    def clean(self):
        cleaned = super().clean()
        outcomes = {}
        for right in self.rights:
            decision = RightDecision(
                outcome=cleaned.pop(f"outcome_{right}", ""),
                ground=cleaned.pop(f"ground_{right}", ""),
                reasons=cleaned.pop(f"reasons_{right}", ""),
            )
            problem = decision_refusal(right, decision)
            if problem:
                field = f"ground_{right}" if not decision.ground else f"reasons_{right}"
                self.add_error(field, problem)
            outcomes[right] = decision
        cleaned["outcomes"] = outcomes
        self.clean_answer(cleaned, outcomes)
        return cleaned

    @property
    def fieldsets(self):
        decision = ["decision", *(f"{k}_{r}" for r in self.rights for k in OUTCOME_FIELDS)]
        documents = ["documents", *self.portable_fields, "available_until"]
        sets = [(None, decision), (_("Documents"), documents)]
        if self.pack_fields:
            sets.append(
                (_("Art. 15 information: what applies to this requester"), self.pack_fields)
            )
        sets.append((None, [n for n in ("confirm",) if n in self.fields]))
        return [(legend, [self[n] for n in names if n in self.fields]) for legend, names in sets]


OUTCOME_FIELDS = ("outcome", "ground", "reasons")


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
    """Several recipients of the register at once, each once: told on a day, or not told for a
    reason the law accepts (Art. 19: impossible, or a disproportionate effort)."""

    recipients = forms.ModelMultipleChoiceField(
        label=_("Recipients"),
        queryset=Recipient.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=RecipientNotification.Outcome.choices,
        initial=RecipientNotification.Outcome.NOTIFIED,
    )
    notified_on = forms.DateField(
        label=_("Notified on"),
        initial=clock.today,
        required=False,
        help_text=_("Not in the future, and not before the decision."),
    )
    note = forms.CharField(
        label=_("How, or why not"),
        required=False,
        max_length=255,
        help_text=_("Required when a recipient is not told."),
    )

    def __init__(self, *args, dsr, **kwargs):
        super().__init__(*args, dsr=dsr, **kwargs)
        # Those of the register not logged yet: a recipient is logged once.
        self.fields["recipients"].queryset = Recipient.objects.filter(
            controller=dsr.controller
        ).exclude(pk__in=dsr.recipient_notifications.values("recipient"))


class Art19TellForm(NoteForm):
    note = forms.CharField(
        label=_("How the requester asked"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReleaseForm(MoveForm):
    """Release documents of the decision again, or longer, until a stated day, with the reason
    on the record."""

    documents = forms.ModelMultipleChoiceField(
        label=_("Documents"),
        queryset=Attachment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    until = forms.DateField(
        label=_("Available until (inclusive)"),
        help_text=_("At most a year from today."),
    )
    reasons = forms.CharField(
        label=_("Reason (kept on the record)"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, dsr, **kwargs):
        super().__init__(*args, dsr=dsr, **kwargs)
        self.fields["documents"].queryset = dsr.attachments.filter(
            kind__in=Attachment.RELEASED_KINDS, released_at__isnull=False
        ).order_by("created_at", "pk")
        self.fields["documents"].label_from_instance = lambda a: a.original_name


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
