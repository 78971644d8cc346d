"""Permissions by membership: a role counts in the municipality where the person holds it, nowhere else.

The three roles stay groups of permissions (municipalities.roles), but nobody is put in them any more:
a Membership (user, municipality, role) says where each person works. This backend gives a user the
permissions of their role in the municipality of the request's scope (municipalities.scoping), and
the read-only national role's view permissions everywhere. Django's ModelBackend would have given
a group's permissions in every municipality at once.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from . import roles
from .models import Municipality
from .scoping import active_scope


def _scope_key() -> tuple:
    current = active_scope()
    if current is not None and current.everything:
        return ("everything",)
    municipality = current.municipality if current is not None else None
    return ("one", municipality.pk if municipality is not None else None)


def held_roles(user) -> set[str]:
    """The roles the account holds in the scope's municipality (all of them with every_municipality), and
    the national reader's; one query, kept on the user object per scope."""
    if not user.is_active or user.is_anonymous:
        return set()
    cache = user.__dict__.setdefault("_held_roles", {})
    key = _scope_key()
    if key not in cache:
        memberships = user.memberships.order_by()  # no ordering: the union below refuses one
        if key[0] == "one":
            memberships = memberships.filter(municipality_id=key[1]) if key[1] else memberships.none()
        national = Group.objects.filter(user=user, name=roles.NATIONAL_READER).order_by().values_list("name", flat=True)
        cache[key] = set(memberships.values_list("role", flat=True).union(national))
        if not cache[key] and key[-1] in (None, "everything") and not Municipality._base_manager.exists():
            # A new installation before its first municipality: the officer create_officer made enters
            # to add it (and becomes its member then, municipalities.models.first_municipality_takes_the_staff_in).
            cache[key] = set(user.groups.filter(name__in=roles.ROLES).values_list("name", flat=True))
    return cache[key]


class MembershipBackend(ModelBackend):
    def _get_group_permissions(self, user_obj):
        return Permission.objects.filter(group__name__in=held_roles(user_obj))

    def get_group_permissions(self, user_obj, obj=None):
        # Kept on the user object per scope: the same account may be checked in another municipality's.
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache = user_obj.__dict__.setdefault("_membership_perm_cache", {})
        key = _scope_key()
        if key not in cache:
            held = held_roles(user_obj)
            permissions = (
                self._get_group_permissions(user_obj).values_list("content_type__app_label", "codename") if held else []
            )
            cache[key] = {f"{app_label}.{codename}" for app_label, codename in permissions}
        return cache[key]

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return {*self.get_user_permissions(user_obj), *self.get_group_permissions(user_obj)}


def is_member(user, municipality) -> bool:
    """Whether the account may work in the admin of the municipality in scope (the request's): a member,
    the national reader, a superuser."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or bool(held_roles(user))


def is_national_reader(user) -> bool:
    """Whether the account reads every municipality's staff pages: the national reader, a superuser (staff, active)."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or roles.NATIONAL_READER in held_roles(user)
