from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities")

    def ready(self) -> None:
        from django.contrib.auth.models import Group

        from . import roles

        # The roles' names stay in English in the database (migrations find the groups by
        # name); every place the admin shows a group (its list, the user list's filter, a
        # delete confirmation, the history) prints it through str(), so str() translates it.
        Group.__str__ = roles.group_label
