"""RSS 2.0 and Atom feeds of newly published consultations and annual reports.

Both feeds live under the language prefix (/sq/feeds/rss/, /en/feeds/atom/...), so
LocaleMiddleware has already activated the language their texts are written in. Like the
pages, they carry only the portal's municipality, and staff-written texts missing in that
language fall back to Albanian (web.fallback).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from consultations.models import ConsultationPlan, Hearing
from municipalities.models import Municipality
from reports.models import PublishedReport
from web.addresses import absolute_url
from web.fallback import localized

from .calendar import calendar_name, portal_timezone

# How many entries a feed carries: enough for a reader that checks once a month.
FEED_LENGTH = 30


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: a published consultation or a year's annual report."""

    title: str
    description: str
    link: str
    published: datetime.datetime
    updated: datetime.datetime
    category: str


def _as_html(paragraphs: list[str]) -> str:
    """Feed readers show descriptions as HTML: one escaped paragraph per text."""
    return format_html_join("", "<p>{}</p>", ((text,) for text in paragraphs if text))


def hearing_entry(hearing: Hearing) -> FeedEntry:
    """A published consultation as a feed entry, in the active language."""
    details = [
        _("Date: %(date)s") % {"date": formats.date_format(timezone.localtime(hearing.starts_at), "DATETIME_FORMAT")},
        _("Consultation method: %(method)s") % {"method": hearing.get_method_display()},
    ]
    if hearing.place is not None:
        details.append(_("Place: %(place)s") % {"place": localized(hearing.place, "name").text})
    if hearing.status == Hearing.Status.CANCELLED:
        details.append(str(Hearing.Status.CANCELLED.label))
    return FeedEntry(
        title=localized(hearing, "title").text,
        description=_as_html([localized(hearing, "topic").text, *details]),
        link=absolute_url(hearing.get_absolute_url()),
        published=hearing.published_at,
        updated=hearing.updated_at,
        category=str(hearing.get_method_display()),
    )


def report_final_at(year: int) -> datetime.datetime:
    """When a year's report is final: the moment the year is over, in the portal's time zone."""
    return datetime.datetime(year + 1, 1, 1, tzinfo=portal_timezone())


def report_entry(plan: ConsultationPlan) -> FeedEntry:
    """A published plan's final annual report as a feed entry, in the active language."""
    # A plan published after its year (entered late) announces its report on publication.
    published = max(report_final_at(plan.year), plan.published_at)
    return FeedEntry(
        title=_("Annual report on public consultations %(year)s") % {"year": plan.year},
        description=_as_html(
            [
                _("The annual plan of public consultations for %(year)s and the report on those held.")
                % {"year": plan.year}
            ]
        ),
        link=absolute_url(reverse("reports:annual-report", kwargs={"year": plan.year})),
        published=published,
        updated=max(published, plan.updated_at),
        category=_("Annual report"),
    )


def version_entry(report: PublishedReport) -> FeedEntry:
    """A published version of an annual report as a feed entry: each version is announced once."""
    if report.version == 1:
        paragraphs = [_("The municipality published the annual report of %(year)s.") % {"year": report.year}]
    else:
        paragraphs = [
            _("The municipality published version %(version)d of the annual report of %(year)s.")
            % {"version": report.version, "year": report.year},
            report.reason,
        ]
    return FeedEntry(
        title=_("Annual report %(year)s, version %(version)d") % {"year": report.year, "version": report.version},
        description=_as_html(paragraphs),
        link=absolute_url(
            reverse("reports:annual-report-version-pdf", kwargs={"year": report.year, "version": report.version})
        ),
        published=report.published_at,
        updated=report.published_at,
        category=_("Annual report"),
    )


def latest_entries(municipality: Municipality | None, limit: int = FEED_LENGTH) -> list[FeedEntry]:
    """The municipality's newest published consultations and final annual reports, newest first."""
    hearings = (
        Hearing.objects.public(municipality)
        .exclude(published_at=None)
        .select_related("place")
        .order_by("-published_at", "-pk")[:limit]
    )
    # A report is announced once its year is over: until then it is still being filled in.
    plans = (
        ConsultationPlan.objects.public(municipality)
        .exclude(published_at=None)
        .filter(year__lt=timezone.localdate().year)
        .order_by("-year", "-pk")[:limit]
    )
    versions = PublishedReport.objects.filter(municipality=municipality).defer("snapshot").order_by("-published_at")
    entries = [
        *(hearing_entry(hearing) for hearing in hearings),
        *(report_entry(plan) for plan in plans),
        *(version_entry(report) for report in versions[:limit]),
    ]
    entries.sort(key=lambda entry: entry.published, reverse=True)
    return entries[:limit]


class LatestRssFeed(Feed):
    """RSS 2.0: newly published consultations and annual reports."""

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Municipality | None:
        """The municipality the portal serves: it names the feed."""
        return request.municipality

    def title(self, municipality: Municipality | None) -> str:
        """The same name as the calendar's."""
        return calendar_name(localized(municipality, "name").text if municipality else None)

    def description(self, municipality: Municipality | None) -> str:
        """What the feed carries."""
        return _("Newly published public consultations and annual reports.")

    def link(self) -> str:
        """The list of consultations, in the feed's language."""
        return absolute_url(reverse("consultations:hearing-list"))

    # Absolute links (web.addresses) so that Feed's add_domain() leaves them alone: the request's
    # Host header never goes into a feed that readers and caches keep.
    feed_url_name = "opendata-pages:feed-rss"

    def feed_url(self) -> str:
        """The feed's own address (atom:link rel=self), in the feed's language."""
        return absolute_url(reverse(self.feed_url_name))

    def author_name(self, municipality: Municipality | None) -> str:
        """The municipality: Atom requires an author for the feed or for every entry."""
        return localized(municipality, "name").text if municipality else "Istog Consult"

    def items(self, municipality: Municipality | None) -> list[FeedEntry]:
        """The municipality's newest entries, built once per request."""
        return latest_entries(municipality)

    def item_title(self, entry: FeedEntry) -> str:
        return entry.title

    def item_description(self, entry: FeedEntry) -> str:
        return entry.description

    def item_link(self, entry: FeedEntry) -> str:
        return entry.link

    def item_pubdate(self, entry: FeedEntry) -> datetime.datetime:
        return entry.published

    def item_updateddate(self, entry: FeedEntry) -> datetime.datetime:
        return entry.updated

    def item_categories(self, entry: FeedEntry) -> list[str]:
        return [entry.category]


class LatestAtomFeed(LatestRssFeed):
    """Atom 1.0: the same entries as the RSS feed."""

    feed_type = Atom1Feed
    feed_url_name = "opendata-pages:feed-atom"

    def subtitle(self, municipality: Municipality | None) -> str:
        """Atom's name for RSS's description."""
        return self.description(municipality)
