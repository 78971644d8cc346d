"""Outgoing mail and subscriptions move to notifications, and comments point at register's requests.

State only: the tables (participation_outgoingmail, _subscriber, _notifiedhearing) and their rows stay.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0004_dropped_mail_and_confirmation_sent_at"),
        ("register", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="notifiedhearing",
                    name="hearing",
                ),
                migrations.DeleteModel(
                    name="OutgoingMail",
                ),
                migrations.DeleteModel(
                    name="Subscriber",
                ),
                migrations.AlterField(
                    model_name="comment",
                    name="request",
                    field=models.OneToOneField(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="comment",
                        to="register.citizenrequest",
                        verbose_name="citizen request",
                    ),
                ),
                migrations.DeleteModel(
                    name="NotifiedHearing",
                ),
            ],
        ),
    ]
