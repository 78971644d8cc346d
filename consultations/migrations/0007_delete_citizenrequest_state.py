"""The last step of the move: consultations no longer holds CitizenRequest (the table stays, register's)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0006_citizenrequest_leaves_for_register"),
        ("participation", "0005_mail_and_requests_move_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="CitizenRequest",
                ),
            ],
        ),
    ]
