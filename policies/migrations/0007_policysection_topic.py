from django.db import migrations, models

TOPICS = [
    ("controller", "Who is the controller"),
    ("dpo", "Data protection officer"),
    ("purposes", "Purposes and legal bases"),
    ("interests", "Legitimate interests"),
    ("data", "Categories of data and of data subjects"),
    ("sources", "Where the data comes from"),
    ("recipients", "Recipients"),
    ("transfers", "Transfers outside the EEA"),
    ("retention", "How long we keep personal data"),
    ("rights", "Your rights and how to exercise them"),
    ("consent", "Withdrawing consent"),
    ("complaint", "Complaints to the supervisory authority"),
    ("requirement", "Whether you must provide the data"),
    ("automated", "Automated decisions and profiling"),
    ("cookies", "Cookies and similar technologies"),
    ("changes", "Changes to this policy"),
]


class Migration(migrations.Migration):
    dependencies = [("policies", "0006_purpose_security_measures")]

    operations = [
        # Free text written before sections had topics was printed after the document, where
        # the controller's introduction used to stand: it opens the document now.
        migrations.AddField(
            model_name="policysection",
            name="topic",
            field=models.CharField(
                choices=TOPICS,
                default="controller",
                help_text="The section of the policy this text belongs to (GDPR Arts 13–14).",
                max_length=20,
                verbose_name="section of the policy",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="policysection",
            name="title",
            field=models.CharField(
                blank=True,
                help_text="A subheading inside the section.",
                max_length=255,
                verbose_name="title",
            ),
        ),
    ]
