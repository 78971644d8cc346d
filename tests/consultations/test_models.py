import pytest
from django.core.exceptions import ValidationError

from consultations.models import Hearing
from tests.factories import HearingFactory


@pytest.mark.django_db
def test_total_attendance_is_women_plus_men(plan):
    hearing = HearingFactory(plan=plan, women=5, men=12)
    assert hearing.total_attendance == 17


@pytest.mark.django_db
def test_attendance_on_a_planned_hearing_is_refused_on_the_field(plan):
    hearing = HearingFactory.build(plan=plan, status=Hearing.Status.PLANNED, women=2, men=None)
    with pytest.raises(ValidationError) as error:
        hearing.full_clean()
    assert set(error.value.message_dict) == {"women"}
