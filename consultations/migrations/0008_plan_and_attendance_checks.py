"""The plan's year and dates, and attendance only on a held hearing, as database constraints.

Existing rows are checked first: a row that breaks a rule stops the migration with a message
naming it, so the operator corrects it in the admin and runs `migrate` again.
"""

from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import F, Q

FIRST_PLAN_YEAR, LAST_PLAN_YEAR = 2000, 2100  # consultations.models at the time of this migration


def offending_rows(apps) -> list[str]:
    """One line per existing row that the new constraints would refuse."""
    ConsultationPlan = apps.get_model("consultations", "ConsultationPlan")
    Hearing = apps.get_model("consultations", "Hearing")
    problems = []
    for plan in ConsultationPlan.objects.filter(Q(year__lt=FIRST_PLAN_YEAR) | Q(year__gt=LAST_PLAN_YEAR)):
        problems.append(f"plan id={plan.pk}: year {plan.year} is outside {FIRST_PLAN_YEAR}-{LAST_PLAN_YEAR}")
    for plan in ConsultationPlan.objects.filter(start_date__gt=F("end_date")):
        problems.append(f"plan id={plan.pk} ({plan.year}): starts {plan.start_date} after it ends {plan.end_date}")
    attendance = Q(women__isnull=False) | Q(men__isnull=False)
    for hearing in Hearing.objects.exclude(status="held").filter(attendance).order_by("pk"):
        problems.append(
            f"hearing id={hearing.pk} ({hearing.title_sq or hearing.title!r}): attendance recorded "
            f"(women={hearing.women}, men={hearing.men}) but its status is {hearing.status!r}, not 'held'"
        )
    return problems


def check_existing_rows(apps, schema_editor):
    problems = offending_rows(apps)
    if problems:
        raise CommandError(
            "These rows break rules the database is about to enforce. Correct them in the admin "
            "(or mark the hearing as held / clear its attendance), then run migrate again:\n  - "
            + "\n  - ".join(problems)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0007_delete_citizenrequest_state"),
    ]

    operations = [
        migrations.RunPython(check_existing_rows, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="consultationplan",
            constraint=models.CheckConstraint(
                condition=models.Q(("year__gte", 2000), ("year__lte", 2100)),
                name="plan_year_in_range",
                violation_error_message="The plan's year must be between 2000 and 2100.",
            ),
        ),
        migrations.AddConstraint(
            model_name="consultationplan",
            constraint=models.CheckConstraint(
                condition=models.Q(("start_date__lte", models.F("end_date"))),
                name="plan_starts_before_it_ends",
                violation_error_message="The end date cannot be before the start date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="hearing",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "held"), models.Q(("men__isnull", True), ("women__isnull", True)), _connector="OR"
                ),
                name="attendance_only_when_held",
                violation_error_message="Attendance can only be recorded for a hearing that was held.",
            ),
        ),
    ]
