"""No raw code where a person reads: every state, move and event kind has a label in English
and in Bulgarian, and the Bulgarian one is translated."""

import pytest
from django.utils import translation

from requests_app import moves
from requests_app.choices import Channel, RefusalGround, Right, Status
from requests_app.models import Attachment, RequestEvent


def labelled():
    for choices in (Status, RequestEvent.Kind, RefusalGround, Right, Channel, Attachment.Kind):
        for value, label in choices.choices:
            yield f"{choices.__qualname__}.{value}", value, label
    for move in moves.MOVES.values():
        for what in ("label", "public", "confirm", "refusal"):
            text = getattr(move, what)
            if text is not None:
                yield f"move {move.name}.{what}", move.name, text


@pytest.mark.parametrize(("where", "code", "label"), list(labelled()), ids=lambda x: str(x))
def test_every_code_reads_as_a_label_in_both_languages(where, code, label):
    with translation.override("en"):
        english = str(label)
    with translation.override("bg"):
        bulgarian = str(label)
    assert english and "_" not in english, f"{where}: no English label"
    assert bulgarian != english, f"{where}: not translated into Bulgarian"
    assert code not in bulgarian, f"{where}: the code shows in Bulgarian"
