"""The admin speaks the page's language only: Django's own texts, the project's, and the names of link tables."""

import pytest

from tests.factories import HearingFactory, channel


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "correct-horse-battery-staple")


@pytest.mark.parametrize(
    ("language", "link"),
    [
        ("en", "Link: public consultation – announcement channel"),
        ("sq", "Lidhje: konsultimi publik – kanali i njoftimit"),
        ("sr-latn", "Veza: javna konsultacija – kanal najave"),
    ],
)
def test_the_delete_page_names_the_link_to_the_channels_in_the_pages_language(client, superuser, language, link):
    hearing = HearingFactory(announced_via=[channel("website")])
    client.force_login(superuser)

    html = client.get(f"/{language}/admin/consultations/hearing/{hearing.pk}/delete/").content.decode()

    assert link in html
    assert "hearing-announcementchannel" not in html
