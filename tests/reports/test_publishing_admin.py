"""Publishing from the plan's admin page: only the officer, with a reason, and the diff shown."""

import re

import pytest
from django.conf import settings as django_settings

from consultations.models import Hearing
from reports.models import PublishedReport, ReportPublication
from reports.publishing import publish
from tests.conftest import run_tasks
from tests.factories import HearingFactory, data_entry_user, officer_user


@pytest.fixture
def officer(db):
    return officer_user(username="zyrtari", first_name="Arta", last_name="Krasniqi")


def publish_url(plan) -> str:
    return f"/en/admin/consultations/consultationplan/{plan.pk}/publish-report/"


def plan_page(client, plan) -> str:
    return client.get(f"/en/admin/consultations/consultationplan/{plan.pk}/change/").content.decode()


def test_the_officer_publishes_from_the_admin_and_the_worker_renders_it(
    client, officer, held_year, django_capture_on_commit_callbacks
):
    client.force_login(officer)

    with django_capture_on_commit_callbacks() as enqueue:
        response = client.post(publish_url(held_year), {"reason": ""})

    assert response.status_code == 302  # at once: nothing rendered in the officer's request
    assert not PublishedReport.objects.exists()
    assert 'data-state="waiting"' in plan_page(client, held_year)
    assert "Being published since" in plan_page(client, held_year)

    for callback in enqueue:
        callback()
    assert run_tasks() == 1

    report = PublishedReport.objects.get()
    assert (report.version, report.published_by, report.published_by_name) == (1, officer, "Arta Krasniqi")
    assert report.files.count() == len(django_settings.LANGUAGES)
    html = plan_page(client, held_year)
    assert 'data-state="done"' in html and "Version 1 was published on" in html
    assert ReportPublication.objects.get().version == 1


def test_a_publication_that_fails_in_the_worker_says_why_in_the_officers_language(
    client, officer, held_year, django_capture_on_commit_callbacks, settings
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(held_year).replace("/en/", "/sq/"), {"reason": ""})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(held_year), {"reason": "corrects nothing"})  # asked in English

    publication = ReportPublication.objects.first()
    assert (publication.state, publication.language) == ("failed", "en")
    assert publication.failure == "Nothing changed since version 1: there is nothing to publish."
    assert PublishedReport.objects.count() == 1
    assert "The last publication failed; nothing was published." in plan_page(client, held_year)


def test_a_second_request_while_one_is_in_progress_is_refused_on_the_form(client, officer, held_year):
    client.force_login(officer)
    client.post(publish_url(held_year), {"reason": ""})  # never run: no worker here

    refused = client.post(publish_url(held_year), {"reason": ""})

    assert refused.status_code == 200
    assert "is being published already" in refused.content.decode()
    assert ReportPublication.objects.count() == 1


def test_the_action_on_the_plan_list_leads_to_the_publish_page(client, officer, held_year):
    client.force_login(officer)

    response = client.post(
        "/en/admin/consultations/consultationplan/",
        {"action": "publish_annual_report", "_selected_action": [held_year.pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == publish_url(held_year)


def test_data_entry_may_not_publish(client, held_year):
    client.force_login(data_entry_user(username="hyrja"))

    assert client.post(publish_url(held_year), {"reason": ""}).status_code == 403
    assert not PublishedReport.objects.exists()


def test_plan_page_shows_the_differences_and_a_refusal_creates_nothing(
    client, officer, held_year, django_capture_on_commit_callbacks
):
    publish(2025)
    Hearing.objects.filter(plan=held_year).update(women=0)
    client.force_login(officer)

    html = client.get(f"/en/admin/consultations/consultationplan/{held_year.pk}/change/").content.decode()
    assert "The data now differ from version 1" in html
    assert "Publish version 2 of the annual report" in html

    refused = client.post(publish_url(held_year), {"reason": "  "})
    assert refused.status_code == 200
    assert "a reason is required from version 2 on" in refused.content.decode()
    assert PublishedReport.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(held_year), {"reason": "corrects version 1: women were not counted"})
    assert PublishedReport.objects.latest_of(held_year.municipality, 2025).version == 2


def test_staff_overview_shows_the_figures_that_moved_while_the_public_page_stays_frozen(client, officer, held_year):
    publish(2025)
    HearingFactory(plan=held_year, women=3, men=4)
    client.force_login(officer)

    html = client.get("/en/stafi/pasqyra/").content.decode()
    assert "The data now differ from version 1:" in html
    assert re.search(
        r"<th scope=\"row\">Women</th><td class=\"text-end\" data-label=\"Published\">15</td>"
        r"<td class=\"text-end\" data-label=\"Now\">18</td>",
        html,
    )
    assert f'href="/en/admin/consultations/consultationplan/{held_year.pk}/publish-report/"' in html

    public = client.get("/en/raportet/2025/").content.decode()
    assert "They were attended by 40 participants: 15 women and 25 men." in public
