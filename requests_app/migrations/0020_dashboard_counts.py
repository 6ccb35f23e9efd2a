"""The dashboard's counts (requests_app/tallies.py): four small tables, the statement-level
triggers that keep them in step with the requests and their rights, and a first count of the
rows already there. The triggers are PostgreSQL only, like 0007 and 0015."""

import django.db.models.deletion
from django.db import migrations, models


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from requests_app.tallies import create_triggers_sql, rebuild_sql

    for statement in [*create_triggers_sql(), *rebuild_sql()]:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from requests_app.tallies import drop_triggers_sql

    for statement in drop_triggers_sql():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("controllers", "0005_controller_is_public_body"),
        ("requests_app", "0019_public_inputs"),
    ]

    operations = [
        migrations.CreateModel(
            name="AnsweredTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("days", models.IntegerField()),
                ("n", models.IntegerField(default=0)),
                ("on_time", models.IntegerField(default=0)),
                (
                    "controller",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="controllers.controller",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("controller", "month", "days"), name="answered_tally_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="OpenTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("due_date", models.DateField()),
                ("n", models.IntegerField(default=0)),
                (
                    "controller",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="controllers.controller",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("controller", "due_date"), name="open_tally_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ReceivedTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("n", models.IntegerField(default=0)),
                (
                    "controller",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="controllers.controller",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("controller", "month"), name="received_tally_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RightTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("right", models.CharField(max_length=20)),
                ("n", models.IntegerField(default=0)),
                (
                    "controller",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="controllers.controller",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("controller", "month", "right"), name="right_tally_key"
                    )
                ],
            },
        ),
        migrations.RunPython(create, drop),
    ]
