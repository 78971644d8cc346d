import datetime

from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def annual_reports_published_on(municipalities, year: int) -> dict[int, datetime.date]:
    """When each municipality's annual report of the year was first published (version 1), in the portal's
    time zone, by municipality pk; one query however many municipalities."""
    from .models import PublishedReport

    firsts = PublishedReport.objects.filter(
        municipality__in=[municipality.pk for municipality in municipalities], year=year, version=1
    ).values_list("municipality", "published_at")
    return {pk: timezone.localdate(published_at) for pk, published_at in firsts}


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from compliance.rules import register_annual_report_lookup

        # Compliance may not import this app (it is below it): the annual report rule asks through this lookup.
        register_annual_report_lookup(annual_reports_published_on)
