from django.db import migrations


def sync_groups(apps, schema_editor):
    from municipalities.roles import sync_groups

    # Gives both staff groups participation's permissions (comments, refusals, subscribers, mail).
    sync_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("consultations", "0002_groups_and_channels"),
    ]

    operations = [
        migrations.RunPython(sync_groups, migrations.RunPython.noop),
    ]
