"""The staff compliance page: who may see it, what it shows, in every language."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import CitizenRequestFactory, HearingFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(year: int = 2025, language: str = "en") -> str:
    with translation.override(language):
        return reverse("compliance:compliance-year", args=[year])


def test_the_address_is_albanian_under_each_language_prefix():
    assert _url(2025, "sq") == "/sq/stafi/pajtueshmeria/2025/"
    assert _url(2025, "sr-latn") == "/sr-latn/stafi/pajtueshmeria/2025/"


def test_an_anonymous_visitor_is_sent_to_the_login(client, municipality):
    response = client.get(_url())
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_the_permission_are_refused(client, plain_staff, municipality):
    client.force_login(plain_staff)
    assert client.get(_url()).status_code == 403


def test_a_non_staff_user_is_refused_even_with_the_group(client, municipality):
    user = UserFactory(username="jo-staf", is_staff=False, groups=["Data entry"])
    client.force_login(user)
    assert client.get(_url()).status_code == 403


@pytest.mark.parametrize("year", [1999, 2101, 99999])
def test_a_year_out_of_range_is_not_found(client, officer, municipality, year):
    client.force_login(officer)
    assert client.get(_url(year)).status_code == 404


@pytest.mark.parametrize("language", ["sq", "sr-latn", "bs", "tr", "en"])
def test_data_entry_sees_every_rule_in_each_language(client, data_entry, hearing, language):
    client.force_login(data_entry)
    response = client.get(_url(2025, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr id="rule-') == 7
    assert f'<html lang="{language}"' in html


def test_a_late_answer_is_listed_with_a_link_to_the_request(client, officer, hearing):
    late = CitizenRequestFactory(
        hearing=hearing,
        received_on=datetime.date(2025, 3, 10),
        status="answered",
        answer="Po",
        answered_via="spot",
        answered_on=datetime.date(2025, 4, 10),
    )
    client.force_login(officer)
    html = client.get(_url()).content.decode()
    row = html[html.index('id="rule-answer"') :]
    row = row[: row.index("</tr>")]
    assert "Failed" in row
    assert f'href="/en/admin/register/citizenrequest/{late.pk}/change/"' in row
    assert "Answered after 31 days, on 10.04.2025" in row
    assert 'href="/en/admin/compliance/rule/"' in html


def test_the_page_takes_a_constant_number_of_queries(client, officer, plan, django_assert_max_num_queries):
    client.force_login(officer)
    # Session, user, permissions, and the six of compliance.rules.check_year, whatever the data.
    for day in range(1, 20):
        HearingFactory(plan=plan, announced_on=datetime.date(2025, 3, 9))
        CitizenRequestFactory(hearing=None, received_on=datetime.date(2025, 3, day))
    with django_assert_max_num_queries(14):
        assert client.get(_url()).status_code == 200


def test_the_staff_overview_links_to_this_years_page(client, officer, municipality):
    client.force_login(officer)
    html = client.get(reverse("staff:overview")).content.decode()
    assert 'id="compliance-link"' in html


def test_the_admin_index_links_to_this_years_page(client, data_entry, municipality):
    client.force_login(data_entry)
    with translation.override("en"):
        html = client.get(reverse("admin:index")).content.decode()
    year = timezone.localdate().year
    assert f'href="/en/stafi/pajtueshmeria/{year}/"' in html
