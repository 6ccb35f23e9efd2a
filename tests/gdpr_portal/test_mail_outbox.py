"""Mail goes through the durable outbox: queued with the transaction, delivered by the worker."""

import pytest
from django.core import mail
from django.db import transaction
from mailer.engine import send_all
from mailer.models import Message

pytestmark = pytest.mark.django_db


def test_mail_is_queued_then_delivered_by_the_worker():
    mail.send_mail("Тема", "Текст", None, ["citizen@example.org"])
    assert Message.objects.count() == 1
    assert mail.outbox == []

    send_all()

    assert Message.objects.count() == 0
    assert [m.to for m in mail.outbox] == [["citizen@example.org"]]
    assert mail.outbox[0].subject == "Тема"


def test_mail_of_a_rolled_back_change_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Тема", "Текст", None, ["citizen@example.org"])
        raise RuntimeError("the change failed")
    send_all()
    assert Message.objects.count() == 0
    assert mail.outbox == []
