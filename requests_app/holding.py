"""Files chosen on the public form, or on the requester's reply form of the status page,
survive another field's mistake: they are held privately under the form's random key (a hidden
field of that form only), shown as attached, and become the request's attachments (or the
reply's files, kind MESSAGE) when the form is sent right. Held files are no part of a request;
they go when the request is filed, when the visitor removes them, or HELD_UPLOAD_HOURS after
they were chosen (never used after that, and deleted by the next form sent)."""

import datetime
import re
import secrets

from django.core.files.base import ContentFile
from django.db import transaction

from gdpr_portal import clock

from .disposal import delete_with_files
from .models import Attachment, HeldUpload
from .uploads import CheckedUpload

# As long as a form may stay open (forms.MAX_FORM_AGE_SECONDS).
HELD_UPLOAD_HOURS = 24
_KEY = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_form_key() -> str:
    return secrets.token_urlsafe(32)  # 256 bits, 43 characters


def form_key_or_new(key: str) -> str:
    return key if _KEY.match(key or "") else new_form_key()


def _live(form_key: str):
    cutoff = clock.now() - datetime.timedelta(hours=HELD_UPLOAD_HOURS)
    return HeldUpload.objects.filter(form_key=form_key, created_at__gte=cutoff)


def held_get(*, form_key: str, kind: str | None = None) -> list[HeldUpload]:
    """The files held for this form (of this kind, if given), oldest first; none for a key that
    is not one of ours."""
    if not _KEY.match(form_key or ""):
        return []
    held = _live(form_key)
    return list(held.filter(kind=kind) if kind else held)


def _delete_held(held) -> int:
    """Rows now, files once the deletion is committed."""
    return delete_with_files(held, "file")


@transaction.atomic
def held_update(
    *,
    form_key: str,
    remove: list[str],
    power_of_attorney: CheckedUpload | None,
    attachments: list[CheckedUpload],
    kind: str = Attachment.Kind.SUPPORTING,
) -> list[HeldUpload]:
    """After a rejected form: drop the held files the visitor removed, hold the new ones that
    passed their checks (as `kind`; a new power of attorney replaces the held one), and return
    what is held now."""
    if remove:
        _delete_held(HeldUpload.objects.filter(form_key=form_key, public_id__in=remove))
    new = [(kind, upload) for upload in attachments]
    if power_of_attorney is not None:
        _delete_held(
            HeldUpload.objects.filter(form_key=form_key, kind=Attachment.Kind.POWER_OF_ATTORNEY)
        )
        new.insert(0, (Attachment.Kind.POWER_OF_ATTORNEY, power_of_attorney))
    for kind, upload in new:
        held = HeldUpload(
            form_key=form_key,
            kind=kind,
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.size,
        )
        held.file.save("held", ContentFile(upload.data), save=False)
        held.save()
    return held_get(form_key=form_key)


def held_read(held: HeldUpload) -> CheckedUpload:
    """A held file as the upload it was (it passed the checks when it was chosen)."""
    with held.file.open("rb") as file:
        data = file.read()
    return CheckedUpload(name=held.original_name, content_type=held.content_type, data=data)


@transaction.atomic
def held_discard(*, form_key: str) -> None:
    """The form was filed: its held files are now the request's attachments."""
    if _KEY.match(form_key or ""):
        _delete_held(HeldUpload.objects.filter(form_key=form_key))


def held_purge_expired() -> int:
    """Delete what was held past its day: one query when there is nothing to delete."""
    cutoff = clock.now() - datetime.timedelta(hours=HELD_UPLOAD_HOURS)
    return _delete_held(HeldUpload.objects.filter(created_at__lt=cutoff))
