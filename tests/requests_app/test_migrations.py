"""Data migrations change only what staff have not edited."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from requests_app.models import MessageTemplate


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_english_letters_get_their_capital_unless_staff_rewrote_them():
    executor = MigrationExecutor(connection)
    executor.migrate([("requests_app", "0008_open_by_due_date")])
    executor.loader.build_graph()
    confirmation = MessageTemplate.objects.get(key="confirmation", language="en")
    confirmation.body = confirmation.body.replace("We received", "we received")
    confirmation.save()
    info = MessageTemplate.objects.get(key="info_request", language="en")
    info.body = "Dear {{ name }},\n\nour own wording, kept as it is."
    info.save()

    executor.migrate([("requests_app", "0009_english_letters_start_with_a_capital")])

    assert "\n\nWe received your request" in MessageTemplate.objects.get(pk=confirmation.pk).body
    assert MessageTemplate.objects.get(pk=info.pk).body.endswith("our own wording, kept as it is.")
