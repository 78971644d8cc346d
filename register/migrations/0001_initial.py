"""The register becomes an app of its own: the model moves here from consultations, its table and rows stay.

Only Django's idea of where the model lives changes (state operations); the table keeps its name.
The content type moves with it, so the permissions the staff groups hold on requests stay theirs.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="consultations", model="citizenrequest")
    if not ContentType.objects.filter(app_label="register", model="citizenrequest").exists():
        old.update(app_label="register")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="register", model="citizenrequest").update(app_label="consultations")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("consultations", "0006_citizenrequest_leaves_for_register"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CitizenRequest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "received_via",
                            models.CharField(
                                choices=[
                                    ("hearing", "At a public hearing"),
                                    ("online", "Through the website"),
                                    ("email", "By email"),
                                    ("post", "By post"),
                                ],
                                default="hearing",
                                max_length=10,
                                verbose_name="received",
                            ),
                        ),
                        (
                            "received_on",
                            models.DateField(default=django.utils.timezone.localdate, verbose_name="date received"),
                        ),
                        ("topic", models.CharField(blank=True, max_length=200, verbose_name="topic")),
                        ("text", models.TextField(verbose_name="what was asked")),
                        ("citizen_name", models.CharField(blank=True, max_length=200, verbose_name="citizen's name")),
                        (
                            "citizen_email",
                            models.EmailField(blank=True, max_length=254, verbose_name="citizen's email"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "Open"),
                                    ("answered", "Answered"),
                                    ("accepted", "Accepted"),
                                    ("partial", "Partially accepted"),
                                    ("rejected", "Rejected"),
                                ],
                                default="open",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("answer", models.TextField(blank=True, verbose_name="answer")),
                        (
                            "answered_via",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "Not yet answered"),
                                    ("spot", "On the spot"),
                                    ("email", "By email"),
                                    ("post", "By post"),
                                    ("online", "Published online"),
                                ],
                                default="",
                                max_length=10,
                                verbose_name="how it was answered",
                            ),
                        ),
                        ("answered_on", models.DateField(blank=True, null=True, verbose_name="date answered")),
                        ("rejection_reason", models.TextField(blank=True, verbose_name="reason for rejection")),
                        (
                            "is_public",
                            models.BooleanField(
                                default=False,
                                help_text="Shown on the consultation's page without the citizen's name or email.",
                                verbose_name="publish with the answer",
                            ),
                        ),
                        (
                            "answer_emailed_at",
                            models.DateTimeField(
                                blank=True, editable=False, null=True, verbose_name="answer emailed at"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        (
                            "municipality",
                            models.ForeignKey(
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="requests",
                                to="consultations.municipality",
                                verbose_name="municipality",
                            ),
                        ),
                        (
                            "directorate",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="requests",
                                to="consultations.directorate",
                                verbose_name="responsible directorate",
                            ),
                        ),
                        (
                            "hearing",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="requests",
                                to="consultations.hearing",
                                verbose_name="public consultation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "citizen request",
                        "verbose_name_plural": "citizen requests",
                        "ordering": ["-received_on", "-pk"],
                        "db_table": "consultations_citizenrequest",
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
