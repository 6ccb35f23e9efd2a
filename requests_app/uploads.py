"""Checks of uploaded files: type by content (never by name), size, and that images decode."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_FILES = 5


def max_size_text() -> str:
    """The limit as the help texts state it ("5 МБ", "5 MB"), in the units of the sizes
    `filesizeformat` shows beside each file (Django's own "%s MB", our Bulgarian)."""
    return gettext("%s MB") % (MAX_UPLOAD_BYTES // (1024 * 1024))


SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sniff(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def check_upload(uploaded) -> CheckedUpload:
    name = (uploaded.name or "file")[-200:]
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(max)s."),
            code="too_large",
            params={
                "name": name,
                "size": filesizeformat(uploaded.size),
                "max": max_size_text(),
            },
        )
    data = uploaded.read()
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, JPEG or PNG file."), code="type", params={"name": name}
        )
    if content_type.startswith("image/"):
        import io

        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except Exception:  # any decoder failure means a damaged image
            raise ValidationError(
                _("“%(name)s” could not be read as an image."),
                code="damaged",
                params={"name": name},
            ) from None
    return CheckedUpload(name=name, content_type=content_type, data=data)
