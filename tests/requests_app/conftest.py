import time

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from controllers.models import SupervisoryAuthority
from requests_app.forms import FORM_SALT
from tests.controllers.factories import ControllerFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def controller(db):
    return ControllerFactory(
        slug="alfa",
        legal_name="Алфа ЕООД",
        promised_response_days=20,
        supervisory_authority=SupervisoryAuthority.objects.get(email="kzld@cpdp.bg"),
    )


def started(seconds_ago: float = 30) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=FORM_SALT)


@pytest.fixture
def form_data():
    def _data(**overrides):
        data = {
            "rights": ["access", "erasure"],
            "requester_name": "Мария Примерова",
            "requester_email": "maria@example.org",
            "requester_phone": "",
            "requester_address": "",
            "national_id": "",
            "acting_as": "self",
            "on_behalf_of": "",
            "details": "Моля за копие от данните ми.",
            "reply_channel": "email",
            "website": "",
            "started": started(),
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return _data


def upload(name="doc.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)
