"""No request withheld from publication may be public, kept by the database (after 0002 filled both).

Also the end of the move: no copy of the old content type, and the groups' permissions as roles.py says.
"""

from django.db import migrations, models


def drop_stale_content_type(apps, schema_editor):
    # On a new installation an older migration's sync_groups() may have created consultations'
    # content type (and permissions) for CitizenRequest again after 0001 moved it: drop that copy.
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="register", model="citizenrequest").exists():
        ContentType.objects.filter(app_label="consultations", model="citizenrequest").delete()


def sync_groups(apps, schema_editor):
    from municipalities.roles import sync_groups

    # The groups' permissions now name register's and notifications' models.
    sync_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0002_language_and_withheld"),
        ("notifications", "0002_drop_stale_content_types"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="citizenrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(("is_public", True), ("withheld", True), _negated=True),
                name="citizenrequest_withheld_not_public",
            ),
        ),
        migrations.RunPython(drop_stale_content_type, migrations.RunPython.noop),
        migrations.RunPython(sync_groups, migrations.RunPython.noop),
    ]
