"""The message that tells a requester who the recipients of their data were (GDPR Art. 19),
in both languages: a frozen copy of requests_app/message_defaults.py as it stood."""

from django.db import migrations

TEXTS = {
    ('recipients', 'bg'): (
        'Получатели на данните Ви по искане {{ reference }}',
        'Здравейте, {{ name }},\n\nпо Ваша молба Ви съобщаваме на кои получатели {{ controller }} съобщи за коригирането, изтриването или ограничаването на данните Ви по искане {{ reference }} (чл. 19 ОРЗД):\n\n{{ reasons }}\n\n{{ status_url }}\n\nИмате право да подадете жалба до надзорния орган – {{ authority_name }} ({{ authority_contacts }}), както и да потърсите защита по съдебен ред (чл. 77–79 от Общия регламент относно защитата на данните).\n',
    ),
    ('recipients', 'en'): (
        'Recipients of your data, request {{ reference }}',
        'Dear {{ name }},\n\nAs you asked, these are the recipients {{ controller }} told of the rectification, erasure or restriction of your data under request {{ reference }} (GDPR Art. 19):\n\n{{ reasons }}\n\n{{ status_url }}\n\nYou have the right to lodge a complaint with the supervisory authority, {{ authority_name }} ({{ authority_contacts }}), and to seek a judicial remedy (GDPR Arts 77–79).\n',
    ),
}


def load(apps, schema_editor):
    MessageTemplate = apps.get_model("requests_app", "MessageTemplate")
    for (key, language), (subject, body) in TEXTS.items():
        MessageTemplate.objects.get_or_create(
            key=key, language=language, defaults={"subject": subject, "body": body}
        )


def unload(apps, schema_editor):
    MessageTemplate = apps.get_model("requests_app", "MessageTemplate")
    MessageTemplate.objects.filter(key="recipients").delete()


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0015_reference_search_in_part")]

    operations = [migrations.RunPython(load, unload)]
