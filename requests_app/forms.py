"""The public request form: every field validated with a message beside it, in the user's
language; nothing is stored unless all of it is valid."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _
from stdnum.bg import egn, pnf

from gdpr_portal.form_fields import email_field
from gdpr_portal.single_line import SingleLineFieldsMixin

from .models import ReplyChannel, Right
from .uploads import MAX_FILES, check_upload

FORM_SALT = "requests_app.form-started"
# A person needs more than a few seconds to fill in the form; bots post at once.
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 3600


def check_uploads(files, passed: list | None = None) -> list:
    """Check every uploaded file; the errors of all of them at once, or the checked files.
    `passed`, if given, receives the files that passed even when others did not."""
    errors, checked = [], []
    for uploaded in files:
        try:
            checked.append(check_upload(uploaded))
        except forms.ValidationError as error:
            errors.extend(error.messages)
    if passed is not None:
        passed.extend(checked)
    if errors:
        raise forms.ValidationError(errors)
    return checked


class CountedTextField(forms.CharField):
    """Text typed in a text area, with its limit stated and counted, never cut: no `maxlength`
    attribute (browsers count a line break as two characters against it and silently cut
    pasted text: 5,000 with 366 lines arrived as 4,634), line breaks counted as one, and an
    error beside the field past the limit. static/js/counter.js shows the count as one types."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        if self.max_length is not None:
            attrs["data-maxlength"] = str(self.max_length)
            attrs["data-counter-text"] = _("{count} of {max} characters")
        return attrs


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


def validate_national_id(value: str) -> str:
    number = value.strip().replace(" ", "")
    if not (
        number.isdigit() and len(number) == 10 and (egn.is_valid(number) or pnf.is_valid(number))
    ):
        raise forms.ValidationError(
            _(
                "This is not a valid personal number (ЕГН) or foreigner's number (ЛНЧ): check "
                "the ten digits."
            ),
            code="national_id",
        )
    return number


class HeldFilesForm(forms.Form):
    """A public form whose files that passed their checks are held (requests_app.holding)
    when it comes back for a mistake: the key they are held under, and which of them the
    sender kept or removed ("remove_held" boxes)."""

    held_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, held=(), **kwargs):
        super().__init__(*args, **kwargs)
        removed = set(self.data.getlist("remove_held")) if self.is_bound else set()
        self.removed_held = [h.public_id for h in held if h.public_id in removed]
        self.kept_held = [h for h in held if h.public_id not in removed]

    def hold(self, form_key: str) -> None:
        """A re-displayed form carries the key of the files held for it."""
        data = self.data.copy()
        data["held_key"] = form_key
        self.data = data


class RequestForm(SingleLineFieldsMixin, HeldFilesForm):
    rights = forms.MultipleChoiceField(
        label=_("What do you ask for?"),
        choices=Right.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one right.")},
    )
    requester_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    requester_email = email_field(
        _("We send a link to confirm it, and the answer if you choose email.")
    )
    requester_phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    requester_address = CountedTextField(
        label=_("Postal address"),
        max_length=500,
        required=False,
        help_text=_("At most 500 characters."),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
    )
    national_id = forms.CharField(
        # Explained in English; in Bulgarian the abbreviations are what everyone knows.
        label=_("Bulgarian personal number (ЕГН) or foreigner's number (ЛНЧ)"),
        max_length=14,
        required=False,
        help_text=_(
            "Optional: helps the controller identify you. It is never shown in full again."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    acting_as = forms.ChoiceField(
        label=_("You file this request"),
        choices=[("self", _("on my own behalf")), ("representative", _("as a representative"))],
        initial="self",
        widget=forms.RadioSelect,
    )
    on_behalf_of = forms.CharField(
        label=_("Name of the person you represent"), max_length=200, required=False
    )
    power_of_attorney = forms.FileField(
        label=_("Power of attorney"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    details = CountedTextField(
        label=_("Details"),
        max_length=5000,
        required=False,
        help_text=_(
            "What the request is about: which data, which service, which period. At most 5000 "
            "characters."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("Up to 5 files: PDF, JPEG or PNG, at most 5 MB each."),
    )
    reply_channel = forms.ChoiceField(
        label=_("How should the answer reach you?"),
        choices=ReplyChannel.choices,
        initial=ReplyChannel.EMAIL,
        widget=forms.RadioSelect,
    )
    # Anti-bot, with no third party: a field people never see and a signed start time.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=FORM_SALT)
        self.passed_attachments = []

    @property
    def kept_power_of_attorney(self):
        return next((h for h in self.kept_held if h.kind == "power_of_attorney"), None)

    @property
    def kept_attachments(self) -> list:
        return [h for h in self.kept_held if h.kind == "supporting"]

    def clean_national_id(self):
        value = self.cleaned_data["national_id"]
        return validate_national_id(value) if value.strip() else ""

    def clean_power_of_attorney(self):
        uploaded = self.cleaned_data.get("power_of_attorney")
        return check_upload(uploaded) if uploaded else None

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) + len(self.kept_attachments) > MAX_FILES:
            raise forms.ValidationError(
                _("Attach at most %(max)d files."), code="too_many", params={"max": MAX_FILES}
            )
        # The files that pass are held for the corrected form even when another one fails.
        return check_uploads(files, self.passed_attachments)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("The form could not be accepted. Please try again."), code="bot"
            )
        try:
            started = signing.loads(
                self.data.get("started", ""), salt=FORM_SALT, max_age=MAX_FORM_AGE_SECONDS
            )
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form has expired. Please check your answers and send it again."),
                code="expired",
            ) from None
        if time.time() - float(started) < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("The form was sent too quickly. Please check your answers and send it again."),
                code="too_fast",
            )
        if cleaned.get("acting_as") == "representative":
            if not cleaned.get("on_behalf_of", "").strip():
                self.add_error("on_behalf_of", _("Enter the name of the person you represent."))
            if (
                not cleaned.get("power_of_attorney")
                and self.kept_power_of_attorney is None
                and "power_of_attorney" not in self.errors
            ):
                self.add_error(
                    "power_of_attorney",
                    _("Attach the power of attorney that lets you act for this person."),
                )
        if (
            cleaned.get("reply_channel") == ReplyChannel.POST
            and not cleaned.get("requester_address", "").strip()
        ):
            self.add_error("requester_address", _("Enter the address the answer should go to."))
        return cleaned

    def refresh_started(self):
        """A re-displayed form keeps what was typed and gets a fresh start time."""
        data = self.data.copy()
        data["started"] = signing.dumps(time.time() - MIN_FILL_SECONDS, salt=FORM_SALT)
        self.data = data


class FindRequestsForm(forms.Form):
    """ "Find my requests": the address the links are mailed to."""

    email = email_field(_("The address you gave in your requests. We mail the links to it."))
