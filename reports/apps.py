import datetime

from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def annual_report_published_on(municipality, year: int) -> datetime.date | None:
    """When the year's annual report was first published (version 1), in the portal's time zone."""
    from .models import PublishedReport

    first = PublishedReport.objects.filter(municipality=municipality, year=year, version=1).first()
    return timezone.localdate(first.published_at) if first else None


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from compliance.rules import register_annual_report_lookup

        # Compliance may not import this app (it is below it): the annual report rule asks through this lookup.
        register_annual_report_lookup(annual_report_published_on)
