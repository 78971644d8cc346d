"""The officer publishes consultations' reports; data entry sees them (municipalities.roles)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from municipalities.roles import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0001_consultation_reports"),
        # The latest migration of each app whose permissions sync_groups hands out.
        ("compliance", "0002_default_rules_and_groups"),
        ("participation", "0007_comment_moderation_history"),
        ("register", "0006_name_and_report_consent"),
        ("notifications", "0004_report_mail"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
