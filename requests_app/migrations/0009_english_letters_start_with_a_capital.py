"""English messages begin their first sentence with a capital after "Dear …," (the Bulgarian
style, a lower-case letter after the comma, had slipped into three of them). Only texts staff
have not edited are changed."""

from django.db import migrations

from requests_app.message_defaults import TEMPLATES

GREETING = "Dear {{ name }},\n\n"


def _lower_first_sentence(body: str) -> str:
    start = len(GREETING)
    return body[:start] + body[start].lower() + body[start + 1 :]


def forwards(apps, schema_editor):
    MessageTemplate = apps.get_model("requests_app", "MessageTemplate")
    for (key, language), (_subject, body) in TEMPLATES.items():
        if language != "en" or not body.startswith(GREETING):
            continue
        MessageTemplate.objects.filter(
            key=key, language="en", body=_lower_first_sentence(body)
        ).update(body=body)


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0008_open_by_due_date")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
