from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities")

    def ready(self) -> None:
        from django.contrib.auth.models import Group
        from django.db.models.signals import post_save

        from . import roles
        from .models import Municipality, first_municipality_takes_the_staff_in

        post_save.connect(first_municipality_takes_the_staff_in, sender=Municipality, dispatch_uid="first-municipality")

        # The roles' names stay in English in the database (migrations find the groups by
        # name); every place the admin shows a group (its list, the user list's filter, a
        # delete confirmation, the history) prints it through str(), so str() translates it.
        Group.__str__ = roles.group_label

        # Another municipality's object id in an admin address: 404, as for a row that does not exist
        # (Django redirects to the index with a message, which tells that the id exists somewhere).
        from django.contrib.admin import ModelAdmin
        from django.http import Http404

        def not_found(model_admin, request, opts, object_id):
            raise Http404

        ModelAdmin._get_obj_does_not_exist_redirect = not_found
        _history_of_rows_in_scope_only()


def _history_of_rows_in_scope_only() -> None:
    """simple-history shows a row's history from its historical records when the row itself is not found:
    another municipality's id would show that municipality's history. Only a row in scope has one here."""
    import functools

    from django.contrib.admin.utils import unquote
    from django.http import Http404
    from simple_history.admin import SimpleHistoryAdmin

    def in_scope_only(view):
        @functools.wraps(view)
        def checked(model_admin, request, object_id, *args, **kwargs):
            if not model_admin.get_queryset(request).filter(pk=unquote(object_id)).exists():
                raise Http404
            return view(model_admin, request, object_id, *args, **kwargs)

        return checked

    SimpleHistoryAdmin.history_view = in_scope_only(SimpleHistoryAdmin.history_view)
    SimpleHistoryAdmin.history_form_view = in_scope_only(SimpleHistoryAdmin.history_form_view)


class MunicipalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site that lets only a municipality's members in (municipalities.sites)."""

    default = False  # named in INSTALLED_APPS; MunicipalitiesConfig stays this module's default
    default_site = "municipalities.sites.MunicipalAdminSite"
