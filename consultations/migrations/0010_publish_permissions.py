from django.db import migrations


def sync_groups(apps, schema_editor):
    from municipalities.roles import sync_groups

    # Publishing becomes a permission of its own (the officer has it, Data entry does not), the third
    # role "Data entry and publishing" appears, and the officer may see and unlock failed sign-ins (axes).
    sync_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0009_hearing_list_indexes"),
        ("register", "0003_withheld_requests_stay_private"),
        ("notifications", "0002_drop_stale_content_types"),
        ("participation", "0005_mail_and_requests_move_out"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="consultationplan",
            options={
                "ordering": ["-year"],
                "permissions": [("publish_plan", "Can publish or unpublish annual plans")],
                "verbose_name": "annual plan of public consultations",
                "verbose_name_plural": "annual plans of public consultations",
            },
        ),
        migrations.AlterModelOptions(
            name="hearing",
            options={
                "ordering": ["-starts_at"],
                "permissions": [("publish_hearing", "Can publish or unpublish public consultations")],
                "verbose_name": "public consultation",
                "verbose_name_plural": "public consultations",
            },
        ),
        migrations.RunPython(sync_groups, migrations.RunPython.noop),
    ]
