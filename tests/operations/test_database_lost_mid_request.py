"""PostgreSQL stops while a request is in flight: the page that was rendering ends as the 503 page.

The fault is real: another connection ends the request's backend (pg_terminate_backend, what a
restart or a failover does to it) just before one of the page's queries, so the driver meets a
closed connection halfway through the view or its template.
"""

from __future__ import annotations

import psycopg2
import pytest
from django.db import connection
from django.test import Client

from operations.outage import wants_plain_text
from reports.provisional import render_provisional_report
from tests import factories
from tests.operations.test_database_outage import assert_outage_page

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend needs PostgreSQL"),
]


class TerminateAt:
    """An execute wrapper that has the request's backend terminated just before its query number `at`."""

    def __init__(self, at: int) -> None:
        self.at = at
        self.seen = 0

    def __call__(self, execute, sql, params, many, context):
        self.seen += 1
        if self.seen == self.at:
            settings_dict = connection.settings_dict
            pid = context["connection"].connection.get_backend_pid()
            other = psycopg2.connect(
                dbname=settings_dict["NAME"],
                user=settings_dict["USER"],
                password=settings_dict["PASSWORD"],
                host=settings_dict["HOST"],
                port=settings_dict["PORT"] or 5432,
            )
            other.autocommit = True
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            other.close()
        return execute(sql, params, many, context)


def queries_of(path: str) -> int:
    client = Client()
    counter = TerminateAt(at=0)
    with connection.execute_wrapper(counter):
        response = client.get(path)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response)  # a streamed body's queries count too
    return counter.seen


@pytest.fixture
def pages(db):
    plan = factories.PlanFactory()
    hearing = factories.HearingFactory(plan=plan, women=3, men=4)
    written = factories.WrittenConsultationFactory(plan=plan)
    render_provisional_report.call(plan.municipality_id, plan.year)  # the PDF served is the worker's copy
    return {
        "list": "/sq/konsultimet/",
        "hearing": f"/sq/konsultimet/{hearing.pk}/",
        "report": f"/sq/raportet/{plan.year}/",
        "plan": f"/sq/plani/{plan.year}/",
        "home": "/sq/",
        "pdf": f"/sq/raportet/{plan.year}/pdf/",
        "calendar": "/konsultimet.ics",
        "csv": f"/opendata/hearings-{plan.year}.csv",
        "json": f"/opendata/hearings-{plan.year}.json",
        "feed": "/sq/feeds/rss/",
        "written": f"/sq/konsultimet/{written.pk}/",
    }


PAGES = ["list", "hearing", "report", "plan", "home", "pdf", "calendar", "csv", "json", "feed", "written"]


@pytest.mark.parametrize("page", PAGES)
def test_the_database_lost_at_any_query_of_a_page_gives_the_503_page(pages, page, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders, so every query can meet the fault
    path = pages[page]
    total = queries_of(path)
    assert total >= 2
    for at in range(1, total + 1):
        client = Client(raise_request_exception=False)
        try:
            with connection.execute_wrapper(TerminateAt(at)):
                response = client.get(path)
                content = b"".join(response) if response.streaming else response.content
        finally:
            connection.close()
        assert response.status_code == 503, f"{path}: the connection lost at query {at} of {total}"
        assert response["Retry-After"] == "60"
        if not wants_plain_text(response.wsgi_request):
            assert_outage_page(response, "sq")
        assert b"Traceback" not in content
    assert Client().get(path).status_code == 200
