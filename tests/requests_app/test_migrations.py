"""Data migrations change only what staff have not edited."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from requests_app.message_defaults import TEMPLATES
from requests_app.models import MessageTemplate


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_english_letters_get_their_capital_unless_staff_rewrote_them():
    executor = MigrationExecutor(connection)
    executor.migrate([("requests_app", "0008_open_by_due_date")])
    executor.loader.build_graph()
    # As the texts stood before: one as first loaded, one rewritten by staff.
    subject, body = TEMPLATES[("confirmation", "en")]
    confirmation, _ = MessageTemplate.objects.update_or_create(
        key="confirmation",
        language="en",
        defaults={"subject": subject, "body": body.replace("We received", "we received")},
    )
    info, _ = MessageTemplate.objects.update_or_create(
        key="info_request",
        language="en",
        defaults={"subject": "x", "body": "Dear {{ name }},\n\nour own wording, kept as it is."},
    )

    executor.migrate([("requests_app", "0009_english_letters_start_with_a_capital")])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # the other tests run on the latest

    assert "\n\nWe received your request" in MessageTemplate.objects.get(pk=confirmation.pk).body
    assert MessageTemplate.objects.get(pk=info.pk).body.endswith("our own wording, kept as it is.")


@pytest.mark.django_db
def test_the_migrations_load_the_texts_the_app_falls_back_on():
    # The migrations carry their own frozen copies; together they must end where the app's
    # defaults stand today, or a fresh install and a fallback would word a message differently.
    loaded = {
        (row.key, row.language): (row.subject, row.body) for row in MessageTemplate.objects.all()
    }
    assert loaded == TEMPLATES
