from django.db import migrations, models


def fill_from_comments(apps, schema_editor):
    """A request made from a comment answers in the comment's language and is withheld if it was hidden."""
    Comment = apps.get_model("participation", "Comment")
    CitizenRequest = apps.get_model("register", "CitizenRequest")
    languages = {"sq", "sr-latn", "bs", "en"}
    for comment in Comment.objects.exclude(request=None).only("request_id", "language", "status"):
        changes = {}
        if comment.language in languages:
            changes["language"] = comment.language
        if comment.status in ("rejected", "spam"):
            changes.update(withheld=True, is_public=False)
        if changes:
            CitizenRequest.objects.filter(pk=comment.request_id).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0001_initial"),
        ("participation", "0005_mail_and_requests_move_out"),
        ("consultations", "0007_delete_citizenrequest_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="citizenrequest",
            name="language",
            field=models.CharField(
                choices=[("sq", "Albanian"), ("sr-latn", "Serbian (Latin)"), ("bs", "Bosnian"), ("en", "English")],
                blank=True,
                default="sq",
                help_text="The language the citizen wrote in; an emailed answer is written in it (Albanian if empty).",
                max_length=10,
                verbose_name="language of the answer",
            ),
        ),
        migrations.AddField(
            model_name="citizenrequest",
            name="withheld",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="The comment it came from was rejected or marked as spam.",
                verbose_name="withheld from publication",
            ),
        ),
        migrations.RunPython(fill_from_comments, migrations.RunPython.noop),
    ]
