"""The demo data's 2025: every rule's real status, with the late answer the demo records."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from compliance.models import RuleCode
from compliance.rules import Status, check_year
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db


def test_the_demo_year_2025_shows_each_rules_status():
    with translation.override("en"):
        call_command("load_istog_2025", stdout=io.StringIO())
        results = {result.code: result for result in check_year(Municipality.objects.get(), 2025)}
    assert {code: result.status for code, result in results.items()} == {
        RuleCode.MEETINGS_PER_YEAR: Status.PASSED,
        RuleCode.NOTICE: Status.PASSED,
        RuleCode.WRITTEN_PERIOD: Status.PASSED,
        RuleCode.ANSWER: Status.FAILED,
        # The demo publishes no consultation's report and not the annual report: the officer does, trying it out.
        RuleCode.CONSULTATION_REPORT: Status.FAILED,
        RuleCode.PLAN_PUBLISHED: Status.PASSED,
        RuleCode.ANNUAL_REPORT: Status.FAILED,
    }
    assert results[RuleCode.MEETINGS_PER_YEAR].note == "15 held, 2 required"
    # The demo's request about the green zone was answered after 20 days; the one about the sewers never.
    assert [(item.label, item.detail) for item in results[RuleCode.ANSWER].problems] == [
        ("Zona e gjelbër në qendër", "Answered after 20 days, on 12.03.2025"),
        ("Kanalizimi", "Unanswered; the answer was due by 11.10.2025"),
    ]
