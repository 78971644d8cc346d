"""A request's answer and municipality as database rules, after checking the rows already there.

Requests without a municipality get it the way CitizenRequest.save() decides (the hearing's, else
the directorate's, else the installation's only municipality). Any row that still breaks a rule
stops the migration with a message naming it, to be corrected in the admin before migrating again.
"""

import django.db.models.deletion
from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import F, Q


def offending_rows(apps) -> list[str]:
    """Fill the municipality where it can be derived; one line per row the new rules would refuse."""
    CitizenRequest = apps.get_model("register", "CitizenRequest")
    Municipality = apps.get_model("consultations", "Municipality")
    municipalities = list(Municipality.objects.order_by("pk")[:2])
    only = municipalities[0] if len(municipalities) == 1 else None
    problems = []
    for request in CitizenRequest.objects.filter(municipality__isnull=True).select_related(
        "hearing__plan", "directorate"
    ):
        if request.hearing_id:
            request.municipality_id = request.hearing.plan.municipality_id
        elif request.directorate_id:
            request.municipality_id = request.directorate.municipality_id
        elif only is not None:
            request.municipality_id = only.pk
        else:
            problems.append(f"request id={request.pk}: no municipality, and none can be derived from it")
            continue
        request.save(update_fields=["municipality"])
    for request in CitizenRequest.objects.filter(answered_on__lt=F("received_on")).order_by("pk"):
        problems.append(
            f"request id={request.pk}: answered on {request.answered_on}, before it was received on {request.received_on}"
        )
    unanswered = Q(answered_on__isnull=True) | Q(answered_via="") | Q(answer="")
    for request in CitizenRequest.objects.exclude(status="open").filter(unanswered).order_by("pk"):
        problems.append(
            f"request id={request.pk}: status {request.status!r} but its answer, channel or date is missing"
        )
    return problems


def check_existing_rows(apps, schema_editor):
    problems = offending_rows(apps)
    if problems:
        raise CommandError(
            "These requests break rules the database is about to enforce. Correct them in the admin, "
            "then run migrate again:\n  - " + "\n  - ".join(problems)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0003_withheld_requests_stay_private"),
    ]

    operations = [
        migrations.RunPython(check_existing_rows, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="citizenrequest",
            name="municipality",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="requests",
                to="consultations.municipality",
                verbose_name="municipality",
            ),
        ),
        migrations.AddConstraint(
            model_name="citizenrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("answered_on__isnull", True), ("answered_on__gte", models.F("received_on")), _connector="OR"
                ),
                name="citizenrequest_answered_after_received",
                violation_error_message="The answer cannot be dated before the request was received.",
            ),
        ),
        migrations.AddConstraint(
            model_name="citizenrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "open"),
                    models.Q(
                        ("answered_on__isnull", False),
                        models.Q(("answered_via", ""), _negated=True),
                        models.Q(("answer", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="citizenrequest_answered_has_answer",
                violation_error_message="An answered request needs its answer, how it was given and its date.",
            ),
        ),
    ]
