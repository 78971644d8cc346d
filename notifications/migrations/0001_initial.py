"""Outgoing mail and subscriptions become an app of their own; their tables keep the participation_ names."""

import django.db.models.deletion
import django.utils.timezone
import notifications.models
from django.db import migrations, models


MOVED = ("outgoingmail", "subscriber", "notifiedhearing")


def move_content_types(apps, schema_editor):
    # The staff groups' permissions on these models hang on their content types: moved, they stay granted.
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="notifications", model=model).exists():
            ContentType.objects.filter(app_label="participation", model=model).update(app_label="notifications")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="notifications", model__in=MOVED).update(app_label="participation")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("consultations", "0006_citizenrequest_leaves_for_register"),
        ("participation", "0004_dropped_mail_and_confirmation_sent_at"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Subscriber",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("email", models.EmailField(max_length=254, unique=True, verbose_name="email")),
                        (
                            "language",
                            models.CharField(
                                choices=[
                                    ("sq", "Albanian"),
                                    ("sr-latn", "Serbian (Latin)"),
                                    ("bs", "Bosnian"),
                                    ("en", "English"),
                                ],
                                default="sq",
                                max_length=10,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "token",
                            models.CharField(
                                default=notifications.models.new_token,
                                editable=False,
                                max_length=64,
                                unique=True,
                                verbose_name="token",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, editable=False, verbose_name="created at"
                            ),
                        ),
                        (
                            "confirmation_sent_at",
                            models.DateTimeField(
                                blank=True, editable=False, null=True, verbose_name="confirmation sent at"
                            ),
                        ),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="confirmed at")),
                        (
                            "unsubscribed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="unsubscribed at"),
                        ),
                    ],
                    options={
                        "verbose_name": "subscriber",
                        "verbose_name_plural": "subscribers",
                        "db_table": "participation_subscriber",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="NotifiedHearing",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "notified_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="notified at"),
                        ),
                        ("recipients", models.PositiveIntegerField(default=0, verbose_name="recipients")),
                        (
                            "hearing",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notification",
                                to="consultations.hearing",
                                verbose_name="public consultation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "announced consultation",
                        "verbose_name_plural": "announced consultations",
                        "db_table": "participation_notifiedhearing",
                        "ordering": ["-notified_at"],
                    },
                ),
                migrations.CreateModel(
                    name="OutgoingMail",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("to", models.EmailField(max_length=254, verbose_name="to")),
                        ("subject", models.CharField(max_length=300, verbose_name="subject")),
                        ("body", models.TextField(verbose_name="body")),
                        ("headers", models.JSONField(blank=True, default=dict, verbose_name="extra headers")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("answer", "Answer to a request"),
                                    ("confirmation", "Subscription confirmation"),
                                    ("notification", "New consultation"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="created at"),
                        ),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        (
                            "sending_since",
                            models.DateTimeField(blank=True, editable=False, null=True, verbose_name="sending since"),
                        ),
                        (
                            "dropped_at",
                            models.DateTimeField(blank=True, editable=False, null=True, verbose_name="dropped at"),
                        ),
                        (
                            "dropped_reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("unsubscribed", "The recipient unsubscribed before it was sent"),
                                    ("not_subscribed", "The recipient's subscription is not confirmed any more"),
                                ],
                                editable=False,
                                max_length=20,
                                verbose_name="why it was dropped",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "outgoing email",
                        "verbose_name_plural": "outgoing emails",
                        "db_table": "participation_outgoingmail",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(fields=["sent_at", "created_at"], name="participati_sent_at_1a0541_idx")
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
