"""The municipality moved to the municipalities app: the foreign key now names it there (state only; same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0001_initial"),
        ("register", "0006_name_and_report_consent"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="citizenrequest",
                    name="municipality",
                    field=models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="requests",
                        to="municipalities.municipality",
                        verbose_name="municipality",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcitizenrequest",
                    name="municipality",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="municipalities.municipality",
                        verbose_name="municipality",
                    ),
                ),
            ],
        ),
    ]
