"""Django's own interface strings this project translates again in locale/.

Django's Albanian catalogs write month names with a capital ("Nëntor"), compose admin
titles as "Shtoni konsultimi publik" (the verbose name is in the nominative), and leave
some admin and user-form texts in English. The project's LOCALE_PATHS take precedence
over Django's catalogs, so the corrected entries live in locale/*/LC_MESSAGES/django.po.
This module is never imported: it lists the msgids so that `make messages` (makemessages
--no-obsolete) keeps them in the catalogs, and the translation test checks them.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

# django/utils/dates.py: MONTHS (the "F" format) and MONTHS_ALT (the "E" format).
MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)

# django/contrib/admin: titles and buttons composed with a model's verbose name. Albanian
# needs a form that reads with a nominative noun ("Shtoni: konsultimi publik").
ADMIN_TITLES = (
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Select %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
)

# django/contrib/admin: the buttons and links ask in the polite form, as the portal's own
# buttons do (Django's catalogs write "Ndryshoje", "Izmeni", "Dodaj", "Sačuvaj").
ADMIN_BUTTONS = (
    gettext_noop("Add"),
    gettext_noop("Change"),
    gettext_noop("Delete"),
    gettext_noop("Save"),
    gettext_noop("Save and add another"),
    gettext_noop("Save and continue editing"),
    gettext_noop("Save and view"),
)

# django/contrib/admin and auth: texts Django's Albanian catalog leaves in English (the
# app list's hidden table headers, the user form's help text).
ADMIN_UNTRANSLATED = (
    # Missing from Django's Bosnian catalog, so the Bosnian admin showed it in Albanian (the fallback).
    gettext_noop("Authentication and Authorization"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
)
