"""The three staff roles and the permissions each holds, kept in one place.

Migrations call sync_groups() so a new installation has every group; apps above this one
(register, notifications, participation, compliance, outcomes) are named here by label and call it again.
"""

from django.utils.translation import gettext, gettext_noop

# The groups' names in the database stay in English (migrations find them by name); people
# read them translated (group_label).
DATA_ENTRY = gettext_noop("Data entry")
# For a municipality whose information officer also publishes the announcements of consultations.
DATA_ENTRY_AND_PUBLISHING = gettext_noop("Data entry and publishing")
OFFICER = gettext_noop("Consultation officer")
ROLES = (DATA_ENTRY, DATA_ENTRY_AND_PUBLISHING, OFFICER)
# The ministry's reader: sees every municipality's staff pages and changes nothing (not a municipality's role).
NATIONAL_READER = gettext_noop("National reader")

# Publishing is a permission of its own: a hearing (announced to the public) and the annual plan.
PUBLISH_HEARING = "consultations.publish_hearing"
PUBLISH_PLAN = "consultations.publish_plan"


def group_label(group) -> str:
    """A group's name in the active language."""
    return gettext(group.name)


# Data entry staff record hearings, attendance, documents and requests, and look up the rest.
DATA_ENTRY_PERMISSIONS = {
    "consultations": {
        "hearing": ("add", "change", "view"),
        "hearingdocument": ("add", "change", "delete", "view"),
        "consultationplan": ("view",),
        "place": ("view",),
        "directorate": ("view",),
        "announcementchannel": ("view",),
    },
    "register": {
        "citizenrequest": ("add", "change", "view"),
    },
    "participation": {
        "comment": ("change", "view"),
    },
    # Data entry sees the minimum standards and the compliance page; the officer edits them.
    "compliance": {
        "rule": ("view",),
    },
    # Data entry records the responses (in the register) and sees the published reports; the officer publishes.
    "outcomes": {
        "consultationreport": ("view",),
    },
}

# Data entry and publishing: the same, and may publish or unpublish consultations (not the plan).
DATA_ENTRY_AND_PUBLISHING_EXTRA = {
    "consultations": {"hearing": ("publish",)},
}

# The officer may do everything in these apps, including plans and the municipality.
OFFICER_APPS = (
    "municipalities",
    "consultations",
    "register",
    "notifications",
    "participation",
    "compliance",
    "outcomes",
)
# ... and manages the staff accounts: the admin shows an officer who is not a superuser
# only these three groups and hides superuser status and single permissions (admin.py).
OFFICER_EXTRA_PERMISSIONS = {
    "auth": {
        "user": ("add", "change", "view"),
        "group": ("view",),
    },
    # The annual report: the officer publishes it (the permission "publish_report") and sees its versions,
    # as reports' migration 0002 granted; listed here too so that re-creating the groups keeps it.
    "reports": {
        "report": ("publish",),
        "publishedreport": ("view",),
        "publishedreportfile": ("view",),
    },
    # Failed sign-ins (django-axes): the officer sees them and unlocks an account by deleting its lockout.
    "axes": {
        "accessattempt": ("view", "delete"),
        "accessfailurelog": ("view",),
        "accesslog": ("view",),
    },
}


def sync_groups(apps) -> None:
    """Create or update every group's permissions from the tables above (idempotent)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    officer, _ = Group.objects.get_or_create(name=OFFICER)
    officer.permissions.add(*Permission.objects.filter(content_type__app_label__in=OFFICER_APPS))
    _grant(Permission, officer, OFFICER_EXTRA_PERMISSIONS)

    data_entry, _ = Group.objects.get_or_create(name=DATA_ENTRY)
    _grant(Permission, data_entry, DATA_ENTRY_PERMISSIONS)

    national, _ = Group.objects.get_or_create(name=NATIONAL_READER)
    national.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=OFFICER_APPS, codename__startswith="view_")
    )

    publishing, _ = Group.objects.get_or_create(name=DATA_ENTRY_AND_PUBLISHING)
    _grant(Permission, publishing, DATA_ENTRY_PERMISSIONS)
    _grant(Permission, publishing, DATA_ENTRY_AND_PUBLISHING_EXTRA)


def give_staff_status_with_role(user) -> bool:
    """Give staff status to a user who holds a role: without it the role would not let them into the admin.

    Returns True when the status was given now.
    """
    if user.is_staff or not (user.memberships.exists() or user.groups.filter(name__in=ROLES).exists()):
        return False
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return True


def _grant(Permission, group, table: dict) -> None:
    """Add the permissions a table like DATA_ENTRY_PERMISSIONS lists to the group."""
    codenames = [
        (app_label, f"{action}_{model}")
        for app_label, models in table.items()
        for model, actions in models.items()
        for action in actions
    ]
    for app_label, codename in codenames:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)
