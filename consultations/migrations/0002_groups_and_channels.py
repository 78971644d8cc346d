from django.db import migrations

CHANNELS = [
    # code, sq, sr-latn, bs, en
    ("website", "Uebfaqja e komunës", "Veb-sajt opštine", "Web stranica općine", "Municipal website"),
    ("facebook", "Facebook", "Facebook", "Facebook", "Facebook"),
    ("local-media", "Media lokale", "Lokalni mediji", "Lokalni mediji", "Local media"),
    ("notice-board", "Tabela e shpalljeve", "Oglasna tabla", "Oglasna ploča", "Notice board"),
    ("email", "Email", "E-pošta", "E-pošta", "Email"),
]


def create_groups(apps, schema_editor):
    from municipalities.roles import sync_groups

    sync_groups(apps)


def create_channels(apps, schema_editor):
    Channel = apps.get_model("consultations", "AnnouncementChannel")
    for position, (code, sq, sr, bs, en) in enumerate(CHANNELS):
        Channel.objects.update_or_create(
            code=code,
            defaults={
                "position": position,
                "name": sq,
                "name_sq": sq,
                "name_sr_latn": sr,
                "name_bs": bs,
                "name_en": en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_groups, migrations.RunPython.noop),
        migrations.RunPython(create_channels, migrations.RunPython.noop),
    ]
