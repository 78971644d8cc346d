"""The municipality becomes an app of its own: the model moves here from consultations, its tables and rows stay.

Only Django's idea of where the model lives changes (state operations); the tables keep their names
(consultations_municipality, consultations_historicalmunicipality). The content types move with it,
so the permissions the staff groups hold on municipalities stay theirs.
"""

import django.db.models.deletion
import municipalities.branding
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MODELS = ("municipality", "historicalmunicipality")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="municipalities", model=model).exists():
            ContentType.objects.filter(app_label="consultations", model=model).update(app_label="municipalities")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="consultations", model=model).exists():
            ContentType.objects.filter(app_label="municipalities", model=model).update(app_label="consultations")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("consultations", "0013_history_office_hours"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalMunicipality",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "slug",
                            models.SlugField(help_text="Used in settings, e.g. istog.", verbose_name="short name"),
                        ),
                        ("website", models.URLField(blank=True, verbose_name="website")),
                        ("consultations_url", models.URLField(blank=True, verbose_name="public consultations page")),
                        ("address", models.TextField(blank=True, verbose_name="address")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                        ("phone", models.CharField(blank=True, max_length=50, verbose_name="phone")),
                        (
                            "office_hours",
                            models.CharField(
                                blank=True,
                                help_text="Shown in the footer, e.g. Monday to Friday, 8:00–16:00.",
                                max_length=200,
                                verbose_name="office hours",
                            ),
                        ),
                        (
                            "state_line",
                            models.CharField(
                                blank=True,
                                help_text="Shown above the municipality's name in the header and on printed documents.",
                                max_length=200,
                                verbose_name="line above the name",
                            ),
                        ),
                        (
                            "emblem",
                            models.TextField(
                                blank=True,
                                help_text="PNG or JPEG, at most 512 KB. Leave empty rather than use an unofficial image.",
                                max_length=100,
                                validators=[municipalities.branding.validate_emblem],
                                verbose_name="emblem",
                            ),
                        ),
                        (
                            "primary_color",
                            models.CharField(
                                blank=True,
                                default="#2f4858",
                                help_text="The header's colour, e.g. #2f4858; white text on it must stay readable. Empty: the default.",
                                max_length=7,
                                validators=[municipalities.branding.validate_primary_color],
                                verbose_name="primary colour",
                            ),
                        ),
                        (
                            "signatory_name",
                            models.CharField(
                                blank=True,
                                help_text="Who signs the annual report; empty: the official named in the year's plan.",
                                max_length=200,
                                verbose_name="signatory's name",
                            ),
                        ),
                        (
                            "signatory_title",
                            models.CharField(
                                blank=True,
                                help_text="E.g. Official responsible for public consultations.",
                                max_length=200,
                                verbose_name="signatory's title",
                            ),
                        ),
                        (
                            "reference_prefix",
                            models.CharField(
                                blank=True,
                                help_text="Printed before the year and version of the annual report's reference number, e.g. 01-KI.",
                                max_length=30,
                                verbose_name="reference number prefix",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical municipality",
                        "verbose_name_plural": "historical municipalities",
                        "db_table": "consultations_historicalmunicipality",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Municipality",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("name_sq", models.CharField(max_length=200, null=True, verbose_name="name")),
                        ("name_sr_latn", models.CharField(max_length=200, null=True, verbose_name="name")),
                        ("name_bs", models.CharField(max_length=200, null=True, verbose_name="name")),
                        ("name_en", models.CharField(max_length=200, null=True, verbose_name="name")),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Used in settings, e.g. istog.", unique=True, verbose_name="short name"
                            ),
                        ),
                        ("website", models.URLField(blank=True, verbose_name="website")),
                        ("consultations_url", models.URLField(blank=True, verbose_name="public consultations page")),
                        ("address", models.TextField(blank=True, verbose_name="address")),
                        ("address_sq", models.TextField(blank=True, null=True, verbose_name="address")),
                        ("address_sr_latn", models.TextField(blank=True, null=True, verbose_name="address")),
                        ("address_bs", models.TextField(blank=True, null=True, verbose_name="address")),
                        ("address_en", models.TextField(blank=True, null=True, verbose_name="address")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                        ("phone", models.CharField(blank=True, max_length=50, verbose_name="phone")),
                        (
                            "office_hours",
                            models.CharField(
                                blank=True,
                                help_text="Shown in the footer, e.g. Monday to Friday, 8:00–16:00.",
                                max_length=200,
                                verbose_name="office hours",
                            ),
                        ),
                        (
                            "office_hours_sq",
                            models.CharField(
                                blank=True,
                                help_text="Shown in the footer, e.g. Monday to Friday, 8:00–16:00.",
                                max_length=200,
                                null=True,
                                verbose_name="office hours",
                            ),
                        ),
                        (
                            "office_hours_sr_latn",
                            models.CharField(
                                blank=True,
                                help_text="Shown in the footer, e.g. Monday to Friday, 8:00–16:00.",
                                max_length=200,
                                null=True,
                                verbose_name="office hours",
                            ),
                        ),
                        (
                            "office_hours_bs",
                            models.CharField(
                                blank=True,
                                help_text="Shown in the footer, e.g. Monday to Friday, 8:00–16:00.",
                                max_length=200,
                                null=True,
                                verbose_name="office hours",
                            ),
                        ),
                        (
                            "office_hours_en",
                            models.CharField(
                                blank=True,
                                help_text="Shown in the footer, e.g. Monday to Friday, 8:00–16:00.",
                                max_length=200,
                                null=True,
                                verbose_name="office hours",
                            ),
                        ),
                        (
                            "state_line",
                            models.CharField(
                                blank=True,
                                help_text="Shown above the municipality's name in the header and on printed documents.",
                                max_length=200,
                                verbose_name="line above the name",
                            ),
                        ),
                        (
                            "state_line_sq",
                            models.CharField(
                                blank=True,
                                help_text="Shown above the municipality's name in the header and on printed documents.",
                                max_length=200,
                                null=True,
                                verbose_name="line above the name",
                            ),
                        ),
                        (
                            "state_line_sr_latn",
                            models.CharField(
                                blank=True,
                                help_text="Shown above the municipality's name in the header and on printed documents.",
                                max_length=200,
                                null=True,
                                verbose_name="line above the name",
                            ),
                        ),
                        (
                            "state_line_bs",
                            models.CharField(
                                blank=True,
                                help_text="Shown above the municipality's name in the header and on printed documents.",
                                max_length=200,
                                null=True,
                                verbose_name="line above the name",
                            ),
                        ),
                        (
                            "state_line_en",
                            models.CharField(
                                blank=True,
                                help_text="Shown above the municipality's name in the header and on printed documents.",
                                max_length=200,
                                null=True,
                                verbose_name="line above the name",
                            ),
                        ),
                        (
                            "emblem",
                            models.ImageField(
                                blank=True,
                                help_text="PNG or JPEG, at most 512 KB. Leave empty rather than use an unofficial image.",
                                upload_to="municipality/",
                                validators=[municipalities.branding.validate_emblem],
                                verbose_name="emblem",
                            ),
                        ),
                        (
                            "primary_color",
                            models.CharField(
                                blank=True,
                                default="#2f4858",
                                help_text="The header's colour, e.g. #2f4858; white text on it must stay readable. Empty: the default.",
                                max_length=7,
                                validators=[municipalities.branding.validate_primary_color],
                                verbose_name="primary colour",
                            ),
                        ),
                        (
                            "signatory_name",
                            models.CharField(
                                blank=True,
                                help_text="Who signs the annual report; empty: the official named in the year's plan.",
                                max_length=200,
                                verbose_name="signatory's name",
                            ),
                        ),
                        (
                            "signatory_title",
                            models.CharField(
                                blank=True,
                                help_text="E.g. Official responsible for public consultations.",
                                max_length=200,
                                verbose_name="signatory's title",
                            ),
                        ),
                        (
                            "signatory_title_sq",
                            models.CharField(
                                blank=True,
                                help_text="E.g. Official responsible for public consultations.",
                                max_length=200,
                                null=True,
                                verbose_name="signatory's title",
                            ),
                        ),
                        (
                            "signatory_title_sr_latn",
                            models.CharField(
                                blank=True,
                                help_text="E.g. Official responsible for public consultations.",
                                max_length=200,
                                null=True,
                                verbose_name="signatory's title",
                            ),
                        ),
                        (
                            "signatory_title_bs",
                            models.CharField(
                                blank=True,
                                help_text="E.g. Official responsible for public consultations.",
                                max_length=200,
                                null=True,
                                verbose_name="signatory's title",
                            ),
                        ),
                        (
                            "signatory_title_en",
                            models.CharField(
                                blank=True,
                                help_text="E.g. Official responsible for public consultations.",
                                max_length=200,
                                null=True,
                                verbose_name="signatory's title",
                            ),
                        ),
                        (
                            "reference_prefix",
                            models.CharField(
                                blank=True,
                                help_text="Printed before the year and version of the annual report's reference number, e.g. 01-KI.",
                                max_length=30,
                                verbose_name="reference number prefix",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "municipality",
                        "verbose_name_plural": "municipalities",
                        "db_table": "consultations_municipality",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("primary_color__regex", "^#[0-9a-fA-F]{6}$")),
                                name="municipality_primary_color_hex",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
