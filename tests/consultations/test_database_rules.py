"""Rules the database keeps: update(), scripts and migrations cannot break them; search text stays right."""

from __future__ import annotations

import datetime

import pytest
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from consultations.models import ConsultationPlan, Hearing
from tests.factories import HearingFactory
from web.search import fold

BEFORE = ("consultations", "0007_delete_citizenrequest_state")
CHECKS = ("consultations", "0008_plan_and_attendance_checks")


def refused(queryset, **changes) -> bool:
    try:
        with transaction.atomic():
            queryset.update(**changes)
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1999, 2101])
def test_a_plan_year_out_of_range_is_refused_by_the_database(plan, year):
    assert refused(ConsultationPlan.objects.filter(pk=plan.pk), year=year)


@pytest.mark.django_db
def test_a_plan_ending_before_it_starts_is_refused_by_the_database(plan):
    assert refused(ConsultationPlan.objects.filter(pk=plan.pk), end_date=plan.start_date - datetime.timedelta(days=1))


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Hearing.Status.PLANNED, Hearing.Status.CANCELLED])
def test_attendance_on_a_hearing_not_held_is_refused_by_the_database(plan, status):
    held = HearingFactory(plan=plan, status=Hearing.Status.HELD, women=3, men=None)
    assert refused(Hearing.objects.filter(pk=held.pk), status=status)


@pytest.mark.django_db
def test_a_held_hearing_may_have_attendance_and_a_planned_one_none(plan):
    HearingFactory(plan=plan, status=Hearing.Status.HELD, women=3, men=4)
    HearingFactory(plan=plan, status=Hearing.Status.PLANNED, women=None, men=None)
    assert Hearing.objects.count() == 2


def _search_sq(hearing: Hearing) -> str:
    return Hearing.objects.values_list("search_text_sq", flat=True).get(pk=hearing.pk)


@pytest.mark.django_db
def test_search_text_follows_a_title_changed_with_update(hearing):
    Hearing.objects.filter(pk=hearing.pk).update(title_sq="Ujësjellësi në Vrellë")
    assert "ujesjellesi ne vrelle" in _search_sq(hearing)


@pytest.mark.django_db
def test_search_text_follows_a_title_changed_with_update_in_the_active_language(hearing):
    # modeltranslation turns `title` into the active language's column (Albanian here).
    Hearing.objects.filter(pk=hearing.pk).update(title="Çerdhja e fëmijëve")
    assert fold("Çerdhja e fëmijëve") in _search_sq(hearing)


@pytest.mark.django_db
def test_search_text_follows_texts_changed_with_bulk_update(plan):
    hearings = HearingFactory.create_batch(2, plan=plan)
    for number, hearing in enumerate(hearings):
        hearing.topic_sq = f"Rruga Nr. {number} në Istog"
        hearing.summary_sr_latn = "Održana rasprava o budžetu"
    Hearing.objects.bulk_update(hearings, ["topic_sq", "summary_sr_latn"])

    for number, hearing in enumerate(hearings):
        assert f"rruga nr. {number} ne istog" in _search_sq(hearing)
        assert "odrzana rasprava o budzetu" in Hearing.objects.values_list("search_text_sr_latn", flat=True).get(
            pk=hearing.pk
        )


@pytest.mark.django_db
def test_search_text_is_filled_by_bulk_create(plan):
    template = HearingFactory.build(plan=plan, place=None, directorate=None, title_sq="Dëgjimi për shëndetësinë")
    (created,) = Hearing.objects.bulk_create([template])
    assert "degjimi per shendetesine" in _search_sq(created)


@pytest.mark.django_db
def test_an_update_of_other_fields_does_not_touch_the_search_text(hearing, django_assert_num_queries):
    with django_assert_num_queries(1):
        Hearing.objects.filter(pk=hearing.pk).update(is_published=False)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def _plan_with_held_hearings(apps, *attendance: tuple[int, int]):
    """A 2025 plan with held hearings, built with the models as they were at the migration state."""
    Municipality = apps.get_model("consultations", "Municipality")
    Plan = apps.get_model("consultations", "ConsultationPlan")
    Hearing = apps.get_model("consultations", "Hearing")
    municipality = Municipality.objects.create(name="Komuna e Testit", slug="test")
    plan = Plan.objects.create(
        municipality=municipality,
        year=2025,
        status="published",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    starts = datetime.datetime(2025, 5, 10, 17, tzinfo=datetime.UTC)
    hearings = [
        Hearing.objects.create(
            plan=plan,
            title=f"Dëgjim {number}",
            slug=f"degjim-{number}",
            method="hearing",
            status="held",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            women=women,
            men=men,
        )
        for number, (women, men) in enumerate(attendance)
    ]
    return plan, hearings


@pytest.fixture
def before_checks(transactional_db):
    """The database as before the checks' migration (its models); put back at the latest state afterwards."""
    apps = _migrate(BEFORE)
    yield apps
    # Rows a test left breaking the rules would stop the way back, as they stop a real migrate.
    apps.get_model("consultations", "Hearing").objects.all().delete()
    apps.get_model("consultations", "ConsultationPlan").objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_stops_and_names_the_rows_that_break_the_new_rules(before_checks):
    plan, (fine, wrong) = _plan_with_held_hearings(before_checks, (2, 2), (5, 1))
    Hearings = before_checks.get_model("consultations", "Hearing")
    # What a script could do before the database knew the rule.
    Hearings.objects.filter(pk=wrong.pk).update(status="planned")
    before_checks.get_model("consultations", "ConsultationPlan").objects.filter(pk=plan.pk).update(
        end_date=datetime.date(2025, 1, 1), start_date=datetime.date(2025, 2, 1)
    )

    with pytest.raises(CommandError) as error:
        _migrate(CHECKS)

    message = str(error.value)
    assert f"hearing id={wrong.pk}" in message
    assert f"hearing id={fine.pk}" not in message
    assert f"plan id={plan.pk} (2025): starts 2025-02-01 after it ends 2025-01-01" in message
    recorded = MigrationExecutor(connection).loader.applied_migrations
    assert CHECKS not in recorded


def test_the_migration_adds_the_rules_once_the_rows_are_correct(before_checks):
    _plan, (hearing,) = _plan_with_held_hearings(before_checks, (5, 1))
    Hearings = before_checks.get_model("consultations", "Hearing")
    Hearings.objects.filter(pk=hearing.pk).update(status="planned")
    Hearings.objects.filter(pk=hearing.pk).update(women=None, men=None)  # corrected by the operator

    apps = _migrate(CHECKS)

    assert CHECKS in MigrationExecutor(connection).loader.applied_migrations
    Hearings = apps.get_model("consultations", "Hearing")
    assert Hearings.objects.get(pk=hearing.pk).women is None
    assert refused(Hearings.objects.filter(pk=hearing.pk), women=4)
