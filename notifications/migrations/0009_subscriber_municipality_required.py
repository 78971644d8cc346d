import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every subscription belongs to a municipality (0008 gave the existing ones the served municipality)."""

    dependencies = [
        ("municipalities", "0003_domains_languages_memberships"),
        ("notifications", "0008_municipality"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subscriber",
            name="municipality",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="municipalities.municipality",
                verbose_name="municipality",
            ),
        ),
    ]
