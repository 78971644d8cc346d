from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    name = "national"
    verbose_name = _("National view")

    def ready(self) -> None:
        from reports.verification import register_finder

        from .verification import find_national_match

        # The verification page lives in reports, below this app: the national report's files join it this way.
        register_finder(find_national_match)
