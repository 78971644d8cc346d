"""Permissions by membership: a role counts in the municipality where the person holds it, nowhere else.

The three roles stay groups of permissions (municipalities.roles), but nobody is put in them any more:
a Membership (user, municipality, role) says where each person works. This backend gives a user the
permissions of their role in the municipality of the request's scope (municipalities.scoping), and
the read-only national role's view permissions everywhere. Django's ModelBackend would have given
a group's permissions in every municipality at once.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from . import roles
from .scoping import active_scope


class MembershipBackend(ModelBackend):
    def _get_group_permissions(self, user_obj):
        current = active_scope()
        memberships = user_obj.memberships.all()
        if current is None or not current.everything:
            municipality = current.municipality if current is not None else None
            memberships = (
                memberships.filter(municipality=municipality) if municipality is not None else memberships.none()
            )
        held = set(memberships.values_list("role", flat=True))
        if user_obj.groups.filter(name=roles.NATIONAL_READER).exists():
            held.add(roles.NATIONAL_READER)
        return Permission.objects.filter(group__name__in=held)

    def get_group_permissions(self, user_obj, obj=None):
        # Kept on the user object per scope: the same account may be checked in another municipality's.
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        current = active_scope()
        key = (
            ("everything",)
            if current is not None and current.everything
            else ("one", getattr(current, "municipality", None) and current.municipality.pk)
        )
        cache = user_obj.__dict__.setdefault("_membership_perm_cache", {})
        if key not in cache:
            permissions = self._get_group_permissions(user_obj).values_list("content_type__app_label", "codename")
            cache[key] = {f"{app_label}.{codename}" for app_label, codename in permissions}
        return cache[key]

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return {*self.get_user_permissions(user_obj), *self.get_group_permissions(user_obj)}


def is_member(user, municipality) -> bool:
    """Whether the account may work in this municipality's admin: a member, the national reader, a superuser."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser or user.groups.filter(name=roles.NATIONAL_READER).exists():
        return True
    return municipality is not None and user.memberships.filter(municipality=municipality).exists()
