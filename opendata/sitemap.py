"""What search engines may read: robots.txt and a sitemap.xml of the public pages in every language.

Addresses are absolute on the portal's public address (web.addresses), whatever host the
request names. Each page is listed once per language, with its other languages as
`xhtml:link rel="alternate" hreflang` (Google's sitemap form of the pages' own head links).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from consultations.models import ConsultationPlan, Hearing
from municipalities.models import Municipality, language_codes_of
from web.addresses import absolute_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
CONTENT_TYPE = "application/xml; charset=utf-8"

# Pages staff use: never in a search engine, whatever language prefix.
PRIVATE_PREFIXES = ("admin/", "stafi/")


@dataclass(frozen=True)
class Page:
    """A public page: its view name and arguments, and when its content last changed (if known)."""

    view_name: str
    kwargs: dict
    lastmod: datetime.datetime | None = None

    def url_in(self, code: str) -> str:
        """The page's absolute address in the language `code`."""
        with translation.override(code):
            return absolute_url(reverse(self.view_name, kwargs=self.kwargs))


def public_pages(municipality: Municipality | None) -> Iterator[Page]:
    """Every public page of the municipality's portal: the fixed pages, each published plan, report and hearing."""
    for view_name in (
        "consultations:home",
        "consultations:hearing-list",
        "consultations:plan-index",
        "reports:report-index",
        "opendata-pages:opendata",
        "participation:subscribe",
        "reports:verify",
    ):
        yield Page(view_name, {})
    for plan in ConsultationPlan.objects.public(municipality):
        yield Page("consultations:plan-detail", {"year": plan.year}, plan.updated_at)
        yield Page("reports:annual-report", {"year": plan.year}, plan.updated_at)
    hearings = Hearing.objects.public(municipality).order_by("-starts_at", "pk").only("pk", "slug", "updated_at")
    for hearing in hearings:
        kwargs = {"pk": hearing.pk, "slug": hearing.slug} if hearing.slug else {"pk": hearing.pk}
        view_name = "consultations:hearing-detail-slug" if hearing.slug else "consultations:hearing-detail"
        yield Page(view_name, kwargs, hearing.updated_at)


def sitemap_xml(municipality: Municipality | None) -> bytes:
    """The sitemap (sitemaps.org 0.9): one <url> per page and language, its languages as alternates."""
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    codes = language_codes_of(municipality)
    for page in public_pages(municipality):
        addresses = {code: page.url_in(code) for code in codes}
        for code in codes:
            url = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = addresses[code]
            if page.lastmod:
                ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = page.lastmod.date().isoformat()
            default = municipality.default_language if municipality is not None else settings.LANGUAGE_CODE
            for other, address in [*addresses.items(), ("x-default", addresses.get(default, addresses[codes[0]]))]:
                ElementTree.SubElement(
                    url, f"{{{XHTML_NS}}}link", {"rel": "alternate", "hreflang": other, "href": address}
                )
    return ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True)


def robots_txt() -> str:
    """Public pages open to every crawler; the admin and staff pages closed in every language."""
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        lines.extend(f"Disallow: /{code}/{prefix}" for prefix in PRIVATE_PREFIXES)
    lines.extend(["Disallow: /admin/", "Allow: /", "", f"Sitemap: {absolute_url(reverse('opendata:sitemap'))}", ""])
    return "\n".join(lines)
