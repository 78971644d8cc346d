from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0008_hearing_list_indexes"),
        ("consultations", "0008_plan_and_attendance_checks"),
    ]

    operations = []
