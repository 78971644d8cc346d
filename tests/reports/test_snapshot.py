"""The summary survives JSON: what a version freezes reads back as the same figures."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from consultations.models import ConsultationPlan, Hearing
from reports.models import PublishedReport
from reports.publishing import changes_since_publication
from reports.snapshot import differences, figures, summary_from_dict, summary_to_dict
from reports.summary import build_annual_summary
from tests.factories import CitizenRequestFactory, HearingFactory, PlaceFactory, channel


def test_summary_round_trips_through_json(plan):
    HearingFactory(plan=plan, women=4, men=6, place=PlaceFactory(municipality=plan.municipality))
    HearingFactory(plan=plan, method=Hearing.Method.CITIZENS, women=2, men=1)
    HearingFactory(plan=plan, status=Hearing.Status.CANCELLED, women=None, men=None)
    summary = build_annual_summary(2025)

    restored = summary_from_dict(json.loads(json.dumps(summary_to_dict(summary))))

    assert restored == summary
    assert restored.annex[0].date == summary.annex[0].date
    assert differences(summary, restored) == []


def test_a_snapshot_without_newer_fields_still_reads(plan):
    data = summary_to_dict(build_annual_summary(2025))
    del data["annex"], data["months"]

    assert summary_from_dict(data).annex == ()


def test_demo_publishes_2025_once_and_the_page_keeps_its_figures(client, db):
    call_command("load_istog_2025", stdout=io.StringIO())
    call_command("load_istog_2025", stdout=io.StringIO())
    call_command("publish_report", "2025", "--if-unpublished", stdout=io.StringIO())
    assert PublishedReport.objects.count() == 1

    HearingFactory(plan=ConsultationPlan.objects.get(year=2025), women=3, men=4)

    html = client.get("/en/raportet/2025/").content.decode()
    assert "They were attended by 267 participants: 57 women and 210 men." in html
    assert "held a total of 15 public consultations" in html
    with translation.override("en"):
        moved = {item.label: (item.old, item.new) for item in changes_since_publication(2025).differences}
    assert moved["Consultations held"] == (15, 16)
    assert moved["Women"] == (57, 60)


ENGLISH_WORDS = re.compile(
    r"\b(consultations held|planned|cancelled|Announced through|Consultations at|Requests answered|women|men)\b"
)


@pytest.mark.parametrize("language", ["sq", "sr-latn", "bs"])
def test_every_figure_of_the_diff_is_labelled_in_the_staff_language(plan, language):
    place = PlaceFactory(municipality=plan.municipality)
    HearingFactory(plan=plan, women=4, men=6, place=place, announced_via=[channel("website")])
    HearingFactory(plan=plan, status=Hearing.Status.CANCELLED, women=None, men=None)
    CitizenRequestFactory(hearing=Hearing.objects.first(), answered_via="email")
    with translation.override(language):
        labels = [label for label, _value in figures(build_annual_summary(2025)).values()]

    assert len(labels) > 15
    assert [label for label in labels if ENGLISH_WORDS.search(label)] == []
