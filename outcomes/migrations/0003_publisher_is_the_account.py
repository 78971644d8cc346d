"""A version published from an account names that account, not the plan's official (issue 16).

Versions published before recorded the account in `published_by` but froze the official's name when
the account had no full name; the name becomes the account's (full name, else username). Versions
published without an account (a command, the demo) keep their name: nothing says who published them.
"""

from django.db import migrations


def name_the_account(apps, schema_editor):
    Model = apps.get_model("outcomes", "ConsultationReport")
    for version in Model.objects.exclude(published_by=None).select_related("published_by"):
        user = version.published_by
        name = f"{user.first_name} {user.last_name}".strip() or user.username
        if version.published_by_name != name:
            Model.objects.filter(pk=version.pk).update(published_by_name=name)


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0002_groups")]

    operations = [migrations.RunPython(name_the_account, migrations.RunPython.noop)]
