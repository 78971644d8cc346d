"""The municipality moved to the municipalities app: the foreign keys name it there and consultations no longer
holds it (state only; the tables stay).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0003_municipality_moved"),
        ("consultations", "0013_history_office_hours"),
        ("municipalities", "0001_initial"),
        ("register", "0007_municipality_moved"),
        ("reports", "0003_municipality_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="place",
                    name="municipality",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="places",
                        to="municipalities.municipality",
                        verbose_name="municipality",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalconsultationplan",
                    name="municipality",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="municipalities.municipality",
                        verbose_name="municipality",
                    ),
                ),
                migrations.AlterField(
                    model_name="directorate",
                    name="municipality",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="directorates",
                        to="municipalities.municipality",
                        verbose_name="municipality",
                    ),
                ),
                migrations.AlterField(
                    model_name="consultationplan",
                    name="municipality",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plans",
                        to="municipalities.municipality",
                        verbose_name="municipality",
                    ),
                ),
                migrations.DeleteModel(
                    name="HistoricalMunicipality",
                ),
                migrations.DeleteModel(
                    name="Municipality",
                ),
            ],
        ),
    ]
