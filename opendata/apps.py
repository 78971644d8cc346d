from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from reports.annex import register_list

        from .exports import full_list

        # The printed annual report points to the year's CSV when its annex is too long for paper.
        register_list(full_list)
