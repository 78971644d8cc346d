# The office-hours field branches off 0007 so that tests which put the database back at 0007 and
# then create rows with today's models still find the municipality's columns (see
# tests/consultations/test_database_rules.py); this merge joins the two branches again.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0009_merge_list_indexes_and_checks"),
        ("consultations", "0010_municipality_office_hours"),
    ]

    operations = []
