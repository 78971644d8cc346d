"""The role groups re-created from municipalities/roles.py hold every permission the migrations gave them.

The migrations grant some permissions one by one (the officer's "publish the annual report" in
reports' 0002); `roles.sync_groups` re-creates the groups after a flush or by hand, so its tables
must list them too, or an officer loses the right to publish (found by a test that ran after a flush).
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from municipalities import roles

pytestmark = pytest.mark.django_db


def permissions_of_groups() -> dict[str, set[tuple[str, str]]]:
    return {
        group.name: set(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.prefetch_related("permissions")
    }


def test_recreating_the_groups_gives_each_role_what_the_migrations_gave_it():
    migrated = permissions_of_groups()
    assert set(migrated) >= {roles.OFFICER, roles.DATA_ENTRY, roles.DATA_ENTRY_AND_PUBLISHING}

    Group.objects.all().delete()
    roles.sync_groups(apps)
    synced = permissions_of_groups()

    for name, permissions in migrated.items():
        assert permissions <= synced[name], f"{name} loses {sorted(permissions - synced[name])}"
    assert ("reports", "publish_report") in synced[roles.OFFICER]
