from django.db import migrations


def forwards(apps, schema_editor):
    from compliance.models import ensure_default_rules
    from municipalities.roles import sync_groups

    Municipality = apps.get_model("consultations", "Municipality")
    Rule = apps.get_model("compliance", "Rule")
    # Every existing municipality gets the default rule set; later ones get it on first use.
    for municipality in Municipality.objects.all():
        ensure_default_rules(municipality, rule_model=Rule)
    # The officer edits the rules; data entry may see them.
    sync_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0001_rules"),
        # The latest migration of each app whose permissions sync_groups hands out.
        ("participation", "0005_mail_and_requests_move_out"),
        ("register", "0003_withheld_requests_stay_private"),
        ("notifications", "0002_drop_stale_content_types"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
