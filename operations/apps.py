from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the portal unattended: health check, outage pages, error reports, logs, backups.

    The top layer: it may read every app, and no app imports it.
    """

    name = "operations"
    verbose_name = _("Operations")
