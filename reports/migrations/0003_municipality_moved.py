"""The municipality moved to the municipalities app: the foreign key now names it there (state only; same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0001_initial"),
        ("reports", "0002_officer_may_publish"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="publishedreport",
                    name="municipality",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="published_reports",
                        to="municipalities.municipality",
                        verbose_name="municipality",
                    ),
                ),
            ],
        ),
    ]
