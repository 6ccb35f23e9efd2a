"""Default texts of the messages to requesters, in Bulgarian and English; staff edit them."""

from django.db import migrations

# The texts live in requests_app.message_defaults, which the app also falls back on.
from requests_app.message_defaults import TEMPLATES  # noqa: E402


def load(apps, schema_editor):
    MessageTemplate = apps.get_model("requests_app", "MessageTemplate")
    for (key, language), (subject, body) in TEMPLATES.items():
        MessageTemplate.objects.get_or_create(
            key=key, language=language, defaults={"subject": subject, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
