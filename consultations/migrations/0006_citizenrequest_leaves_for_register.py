"""The register of requests moves to its own app (register/migrations/0001): nothing changes in the
database, only where Django keeps the model. Its table, consultations_citizenrequest, stays.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0005_municipality_branding"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="citizenrequest",
                    name="directorate",
                ),
                migrations.RemoveField(
                    model_name="citizenrequest",
                    name="hearing",
                ),
                migrations.RemoveField(
                    model_name="citizenrequest",
                    name="municipality",
                ),
            ],
        ),
    ]
