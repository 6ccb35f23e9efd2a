"""English messages begin their first sentence with a capital after "Dear …," (the Bulgarian
style, a lower-case letter after the comma, had slipped into three of them). Only texts staff
have not edited are changed.

The values are frozen: the texts as 0002 loaded them (a migration never changes), not the app's
live defaults."""

from importlib import import_module

from django.db import migrations

GREETING = "Dear {{ name }},\n\n"
LOADED = import_module("requests_app.migrations.0002_message_templates").TEMPLATES


def _capitalise_first_sentence(body: str) -> str:
    start = len(GREETING)
    return body[:start] + body[start].upper() + body[start + 1 :]


def forwards(apps, schema_editor):
    MessageTemplate = apps.get_model("requests_app", "MessageTemplate")
    for (key, language), (_subject, body) in LOADED.items():
        if language != "en" or not body.startswith(GREETING):
            continue
        MessageTemplate.objects.filter(key=key, language="en", body=body).update(
            body=_capitalise_first_sentence(body)
        )


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0008_open_by_due_date")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
