"""The national reader's links from the national page to each municipality's staff pages.

The read-only national role (municipalities.roles.NATIONAL_READER) and superusers see, next to each
municipality, a link to its compliance page of the year. The page lives on the municipality's own
primary domain (its public_url, never the request's Host) and in the reader's language where the
municipality offers it, else in its default. Sessions are per host: the reader signs in there again
when following the link (its admin's sign-in page, which brings them back to the page).

Anonymous visitors never get these links, so the shared page cache never holds them: the national
page asks who is signed in only when the request carries a session cookie, and such a request is
never served from, nor stored in, the page cache (web.pagecache).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from municipalities.backends import is_national_reader
from municipalities.models import Municipality
from municipalities.scoping import every_municipality

from .figures import PORTAL_URLCONF


def signed_in_reader(request: HttpRequest) -> bool:
    """Whether the request comes from a national reader or a superuser signed in on this domain.

    Without a session cookie the session is not even read: reading it would make an anonymous
    visitor's page personal, so that the page cache could no longer share it.
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return is_national_reader(request.user)


def compliance_links(year: int, language: str) -> dict[str, str]:
    """Each municipality's staff compliance page of `year`, by slug, as an absolute address on its own domain."""
    with every_municipality("the national reader's links lead to every municipality's staff pages"):
        municipalities = list(Municipality.objects.only("slug", "domain", "languages", "default_language"))
    links = {}
    for municipality in municipalities:
        link_language = language if municipality.offers(language) else municipality.default_language
        with translation.override(link_language):
            path = reverse("compliance:compliance-year", kwargs={"year": year}, urlconf=PORTAL_URLCONF)
        links[municipality.slug] = municipality.public_url + path
    return links
