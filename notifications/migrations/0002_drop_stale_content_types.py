"""The end of the move from participation: no copy of the old content types on a new installation.

An older migration's sync_groups() may have created participation's content types (and permissions)
for these models again after 0001 moved them; the moved ones are the real ones.
"""

from django.db import migrations

MOVED = ("outgoingmail", "subscriber", "notifiedhearing")


def drop_stale_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label="notifications", model=model).exists():
            ContentType.objects.filter(app_label="participation", model=model).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("participation", "0005_mail_and_requests_move_out"),
    ]

    operations = [
        migrations.RunPython(drop_stale_content_types, migrations.RunPython.noop),
    ]
