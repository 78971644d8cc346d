"""The municipality moved to the municipalities app: the foreign key now names it there (state only; same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0002_default_rules_and_groups"),
        ("municipalities", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="rule",
                    name="municipality",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="compliance_rules",
                        to="municipalities.municipality",
                        verbose_name="municipality",
                    ),
                ),
            ],
        ),
    ]
