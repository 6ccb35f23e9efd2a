# The rate limits' counters move from requests_app to the platform: the table stays as it is,
# only Django's idea of which app owns it changes.

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("requests_app", "0010_fee_in_euro")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ThrottleCounter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("key", models.CharField(max_length=64)),
                        ("window_start", models.DateTimeField()),
                        ("count", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "requests_app_throttlecounter",
                        "indexes": [
                            models.Index(
                                fields=["window_start"], name="requests_ap_window__525b5f_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("key", "window_start"), name="throttle_unique_window"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
