"""The Consultation officer group may publish annual reports and see the published versions."""

from django.db import migrations

from municipalities.roles import OFFICER

OFFICER_CODENAMES = ("publish_report", "view_publishedreport", "view_publishedreportfile")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    reports = apps.get_app_config("reports")
    reports.models_module = True
    create_permissions(reports, verbosity=0, apps=apps)
    reports.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    officer, _ = Group.objects.get_or_create(name=OFFICER)
    officer.permissions.add(
        *Permission.objects.filter(content_type__app_label="reports", codename__in=OFFICER_CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=OFFICER):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="reports", codename__in=OFFICER_CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_published_reports"),
        ("consultations", "0002_groups_and_channels"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
