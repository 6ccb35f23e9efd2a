"""The forms of the thread: staff writing to the requester, the requester's reply on the status
page, and the dispatch of a letter by post. File limits are stated beside the field and checked
by requests_app.uploads."""

from django import forms
from django.utils.translation import gettext_lazy as _

from controllers.models import Language
from gdpr_portal import clock
from gdpr_portal.single_line import SingleLineFieldsMixin

from .forms import CountedTextField, HeldFilesForm, MultipleFileField, check_uploads
from .thread import REPLY_MAX_CHARS
from .uploads import MAX_FILES, max_size_text


def files_help():
    return _("Up to %(count)d files: PDF, JPEG or PNG, at most %(size)s each.") % {
        "count": MAX_FILES,
        "size": max_size_text(),
    }


class FilesMixin:
    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("At most %(count)d files at once.") % {"count": MAX_FILES}, code="too_many"
            )
        return check_uploads(files)


class WriteForm(FilesMixin, SingleLineFieldsMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language of the message"), choices=Language.choices)
    subject = forms.CharField(label=_("Subject"), max_length=255)
    body = forms.CharField(
        label=_("Text (plain text; a link to the status page is added)"),
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
    )
    files = MultipleFileField(label=_("Files (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = files_help()


class ReplyForm(HeldFilesForm):
    """The requester's answer. Files that passed their checks are held (requests_app.holding)
    when the answer comes back for a mistake, like on the request form."""

    body = CountedTextField(
        label=_("Your answer"),
        max_length=REPLY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    files = MultipleFileField(label=_("Documents (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _("At most %(count)d characters.") % {
            "count": REPLY_MAX_CHARS
        }
        self.fields["files"].help_text = files_help()
        self.passed_files = []

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) + len(self.kept_held) > MAX_FILES:
            raise forms.ValidationError(
                _("At most %(count)d files at once.") % {"count": MAX_FILES}, code="too_many"
            )
        # The files that pass are held for the corrected answer even when another one fails.
        return check_uploads(files, self.passed_files)


class DispatchForm(SingleLineFieldsMixin, forms.Form):
    posted_on = forms.DateField(label=_("Posted on"), initial=clock.today)
    tracking_number = forms.CharField(
        label=_("Tracking number (optional)"), max_length=60, required=False
    )
