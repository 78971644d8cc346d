"""Translated names for the link tables Django creates for many-to-many fields.

Django names such a table "%(from)s-%(to)s relationship" with the models' code names and
translates it once, when the models load, in the default language: the admin's delete page
then lists "Marrëdhënie hearing-announcementchannel" in every language. Each link table gets
a name built from the two models' own verbose names, translated whenever it is shown.
"""

from django.apps import apps
from django.utils.functional import lazy
from django.utils.translation import gettext


def _link_name(from_model, to_model, plural: bool) -> str:
    values = {"from": from_model._meta.verbose_name, "to": to_model._meta.verbose_name}
    if plural:
        return gettext("Links: %(from)s – %(to)s") % values
    return gettext("Link: %(from)s – %(to)s") % values


_lazy_link_name = lazy(_link_name, str)


def name_link_tables() -> None:
    """Give every auto-created many-to-many table a verbose name translated when shown."""
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.auto_created:
            continue
        sides = [field.related_model for field in model._meta.fields if field.is_relation]
        if len(sides) != 2:
            continue
        model._meta.verbose_name = _lazy_link_name(*sides, plural=False)
        model._meta.verbose_name_plural = _lazy_link_name(*sides, plural=True)
