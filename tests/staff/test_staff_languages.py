"""Staff read their pages and the commands' output in their language, never in the source's English."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from municipalities import roles
from tests.factories import SubscriberFactory, WrittenConsultationFactory


@pytest.mark.parametrize("language", ["sq", "sr-latn", "bs"])
def test_the_group_list_and_the_user_filter_name_the_roles_in_the_staff_language(client, language, django_user_model):
    superuser = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(superuser)

    for page in (f"/{language}/admin/auth/group/", f"/{language}/admin/auth/user/"):
        html = client.get(page).content.decode()
        for role in roles.ROLES:
            assert role not in html, (page, role)

    group = Group.objects.get(name=roles.DATA_ENTRY)
    html = client.get(f"/{language}/admin/auth/group/{group.pk}/delete/").content.decode()
    assert roles.DATA_ENTRY not in html


def test_notify_subscribers_reports_in_the_portals_language(db):
    SubscriberFactory()
    hearing = WrittenConsultationFactory()
    output = io.StringIO()

    call_command("notify_subscribers", "--dry-run", stdout=output)
    call_command("notify_subscribers", stdout=output)

    assert output.getvalue().splitlines() == [
        f"Do të njoftohej {hearing.pk} “{hearing.title}” te 0 abonentë.",
        f"U njoftua {hearing.pk} “{hearing.title}” te 1 abonent.",
    ]
