from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Public consultations")

    def ready(self) -> None:
        from web import pagecache

        from .models import Hearing

        pagecache.register_clock_boundaries(Hearing.objects.next_boundaries)
