"""The printed annex: each consultation up to 200; beyond, sums by month, method and place, and the CSV's checksum."""

import datetime
import hashlib
import re

import pytest
from django.utils import timezone, translation

from reports.pdf import annual_report_print_html
from reports.summary import build_annual_summary
from tests.factories import HearingFactory, channel

pytestmark = pytest.mark.django_db


def held_on(plan, count: int, month: int = 3, place=None):
    start = timezone.make_aware(datetime.datetime(2025, month, 10, 10))
    extra = {"place": place} if place else {}
    return HearingFactory.create_batch(
        count, plan=plan, women=2, men=3, starts_at=start, announced_via=[channel("website")], **extra
    )


def test_up_to_two_hundred_the_annex_lists_each_consultation(plan):
    held_on(plan, 3)
    with translation.override("en"):
        html = annual_report_print_html(build_annual_summary(2025, plan.municipality), municipality=plan.municipality)
    assert "by month, method and place" not in html
    assert html.count('<th scope="row">') >= 3


def test_beyond_two_hundred_the_annex_sums_by_month_method_and_place_and_points_to_the_csv(plan, client, settings):
    settings.SITE_URL = "https://istog.example.org"
    settings.REPORT_ANNEX_ROWS = 4  # the rule of 200, with fewer rows to build
    (first,) = held_on(plan, 1, month=3)
    held_on(plan, 2, month=3, place=first.place)
    held_on(plan, 2, month=5, place=first.place)
    with translation.override("en"):
        summary = build_annual_summary(2025, plan.municipality)
        html = annual_report_print_html(summary, municipality=plan.municipality)

    csv = b"".join(client.get("/opendata/hearings-2025.csv").streaming_content)
    assert "https://istog.example.org/opendata/hearings-2025.csv (CSV)" in html
    assert hashlib.sha256(csv).hexdigest() in html
    rows = re.findall(r"<td>(March|May)</td>.*?<td class=\"num text-end\">(\d+)</td>", html, re.S)
    assert rows == [("March", "3"), ("May", "2")]
    assert re.search(r"<tfoot>.*?>5</td>.*?>10</td>.*?>15</td>.*?>25</td>", html, re.S)  # equal to the full list
