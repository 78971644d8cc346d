"""Several municipalities in one installation: the host decides the portal, and nothing of one reaches another."""

import contextvars

import pytest
from django.test import Client

from consultations.models import Hearing
from municipalities.models import Municipality, SecondaryDomain
from municipalities.scoping import ScopeError, every_municipality, scope
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(settings):
    settings.SITE_URL = "https://konsultime.example.org"
    istog = factories.MunicipalityFactory(slug="istog", name="Komuna e Istogut", domain="konsultime.istog.org")
    mamusha = factories.MunicipalityFactory(slug="mamusha", name="Komuna e Mamushës", domain="konsultime.mamusha.org")
    settings.ALLOWED_HOSTS = ["*"]
    return istog, mamusha


def hearing_of(municipality, title):
    plan = factories.PlanFactory(municipality=municipality)
    return factories.HearingFactory(plan=plan, title=title, upcoming=True)


def test_each_domain_serves_its_own_municipality_and_nothing_of_the_other(two):
    istog, mamusha = two
    hearing_of(istog, "Buxheti i Istogut")
    hearing_of(mamusha, "Buxheti i Mamushës")
    client = Client()
    page = client.get("/sq/konsultimet/", HTTP_HOST="konsultime.istog.org").content.decode()
    assert "Buxheti i Istogut" in page and "Buxheti i Mamushës" not in page
    page = client.get("/sq/konsultimet/", HTTP_HOST="konsultime.mamusha.org").content.decode()
    assert "Buxheti i Mamushës" in page and "Buxheti i Istogut" not in page


def test_another_municipalitys_hearing_is_not_found_on_this_domain(two):
    _istog, mamusha = two
    other = hearing_of(mamusha, "Buxheti i Mamushës")
    assert Client().get(f"/sq/konsultimet/{other.pk}/", HTTP_HOST="konsultime.istog.org").status_code == 404
    assert Client().get(f"/sq/konsultimet/{other.pk}/", HTTP_HOST="konsultime.mamusha.org").status_code == 200


def test_an_unknown_host_gets_400_before_any_view(two):
    response = Client().get("/en/konsultimet/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "not a portal of this installation" in response.content.decode()
    response = Client().get("/sq/konsultimet/", HTTP_HOST="evil.example.com")
    assert "nuk është portal i këtij instalimi" in response.content.decode()


def test_a_secondary_domain_redirects_permanently_to_the_primary_one(two):
    istog, _mamusha = two
    SecondaryDomain.objects.create(municipality=istog, host="istog-konsultime.org")
    response = Client().get("/sq/konsultimet/?viti=2025", HTTP_HOST="istog-konsultime.org")
    assert response.status_code == 301
    assert response["Location"] == "https://konsultime.istog.org/sq/konsultimet/?viti=2025"


def test_the_main_domain_lists_the_municipalities_with_links_to_their_portals(two):
    response = Client().get("/sq/", HTTP_HOST="konsultime.example.org")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="https://konsultime.istog.org/sq/"' in page
    assert 'href="https://konsultime.mamusha.org/sq/"' in page
    assert Client().get("/", HTTP_HOST="konsultime.example.org")["Location"] == "/sq/"


def test_developers_reach_each_municipality_at_slug_dot_localhost(settings):
    settings.SITE_URL = "http://localhost:8000"
    settings.ALLOWED_HOSTS = ["*"]
    istog = factories.MunicipalityFactory(slug="istog")
    mamusha = factories.MunicipalityFactory(slug="mamusha", name="Mamusha")
    hearing_of(istog, "Buxheti i Istogut")
    page = Client().get("/sq/konsultimet/", HTTP_HOST="istog.localhost:8000").content.decode()
    assert "Buxheti i Istogut" in page
    assert istog.public_url == "http://istog.localhost:8000"
    assert mamusha.public_url == "http://mamusha.localhost:8000"
    assert Client().get("/sq/", HTTP_HOST="localhost:8000").status_code == 200  # the main domain


def test_one_municipality_with_municipality_slug_is_served_on_every_allowed_host(settings, two):
    _istog, mamusha = two
    settings.MUNICIPALITY_SLUG = "mamusha"
    hearing_of(mamusha, "Buxheti i Mamushës")
    page = Client().get("/sq/konsultimet/", HTTP_HOST="anything.example.net").content.decode()
    assert "Buxheti i Mamushës" in page


def test_absolute_links_come_from_the_municipalitys_domain_never_the_host_header(two):
    istog, _mamusha = two
    hearing_of(istog, "Buxheti i Istogut")
    calendar = Client().get("/konsultimet.ics", HTTP_HOST="konsultime.istog.org").content.decode()
    assert "konsultime.istog.org" in calendar
    assert "konsultime.example.org" not in calendar


def test_a_language_the_municipality_does_not_offer_has_no_pages_there(two):
    istog, _mamusha = two
    istog.languages = ["sq", "sr-latn"]
    istog.save()
    assert Client().get("/en/konsultimet/", HTTP_HOST="konsultime.istog.org").status_code == 404
    assert Client().get("/sr-latn/konsultimet/", HTTP_HOST="konsultime.istog.org").status_code == 200


def test_a_query_without_a_municipality_in_scope_raises():
    factories.HearingFactory()

    def outside_every_scope():  # as a thread or a process starts: no scope at all
        with pytest.raises(ScopeError):
            list(Hearing.objects.all())
        with pytest.raises(ScopeError):
            Hearing.objects.count()
        # Used inside another query it finds nothing, never everything.
        assert not Municipality._base_manager.filter(plans__hearings__in=Hearing.objects.all()).exists()

    contextvars.Context().run(outside_every_scope)


def test_a_scope_sees_only_its_municipalitys_rows(two):
    istog, mamusha = two
    hearing_of(istog, "Buxheti i Istogut")
    hearing_of(mamusha, "Buxheti i Mamushës")
    with scope(istog):
        assert [hearing.title for hearing in Hearing.objects.all()] == ["Buxheti i Istogut"]
    with scope(None):
        assert not Hearing.objects.exists()
    with every_municipality("the test compares both"):
        assert Hearing.objects.count() == 2
    assert Municipality.objects.count() == 2


def test_the_operator_adds_a_municipality_with_a_command_and_its_officer(settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from municipalities.models import Membership

    settings.SITE_URL = "https://konsultime.example.org"
    factories.MunicipalityFactory(slug="istog", domain="konsultime.istog.org")
    call_command(
        "add_municipality",
        "mamusha",
        name="Komuna e Mamushës",
        domain="konsultime.mamusha.org",
        languages="sq,tr,sr-latn,en",
        official_languages="sq,tr,sr-latn",
        default_language="tr",
        stdout=__import__("io").StringIO(),
    )
    mamusha = Municipality.objects.get(slug="mamusha")
    assert (mamusha.default_language, mamusha.public_url) == ("tr", "https://konsultime.mamusha.org")
    with pytest.raises(CommandError, match="domen"):  # in Albanian, the tests' language
        call_command("add_municipality", "tjeter", name="Tjetër", domain="konsultime.mamusha.org")
    with pytest.raises(CommandError):
        call_command("add_municipality", "tjeter2", name="Tjetër", languages="xx")
    call_command(
        "create_officer", username="zyrtari-mamushe", municipality="mamusha", stdout=__import__("io").StringIO()
    )
    assert Membership.objects.get(user__username="zyrtari-mamushe").municipality == mamusha


def test_a_session_belongs_to_the_host_that_set_it(two, settings):
    """The session and CSRF cookies carry no Domain: a browser sends them back only to the host that set them,
    so signing in at Istog's address does not sign in at Mamusha's."""
    istog, _mamusha = two
    assert settings.SESSION_COOKIE_DOMAIN is None and settings.CSRF_COOKIE_DOMAIN is None
    officer = factories.UserFactory(username="zyrtari-istog")
    from municipalities import roles
    from municipalities.models import Membership

    Membership.objects.create(user=officer, municipality=istog, role=roles.OFFICER)
    client = Client(HTTP_HOST="konsultime.istog.org")
    response = client.post(
        "/sq/admin/login/", {"username": "zyrtari-istog", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["domain"]


def test_an_installation_of_one_municipality_redirects_its_secondary_domain_too(settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://konsultime.example.org"
    istog = factories.MunicipalityFactory(slug="istog", domain="konsultime.istog.org")
    SecondaryDomain.objects.create(municipality=istog, host="istog-konsultime.org")
    response = Client().get("/sq/", HTTP_HOST="istog-konsultime.org")
    assert (response.status_code, response["Location"]) == (301, "https://konsultime.istog.org/sq/")
