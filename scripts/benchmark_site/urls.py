"""The portal's URLs and /bare/, a view that renders a tiny template: the yardstick of the benchmark."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from istog_consult.urls import urlpatterns as portal_urlpatterns

_TINY = engines["django"].from_string("<!doctype html><title>{{ title }}</title><p>{{ text }}</p>")


# Outside ATOMIC_REQUESTS, like the public pages: a request-wide transaction on SQLite is
# BEGIN IMMEDIATE, the write lock, and would make the yardstick 2-4 times slower than a page.
@transaction.non_atomic_requests
def bare(request: HttpRequest) -> HttpResponse:
    """The least a Django page costs on this server: one tiny template, no database, no transaction."""
    return HttpResponse(_TINY.render({"title": "bare", "text": "Istog Consult"}))


urlpatterns = [path("bare/", bare), *portal_urlpatterns]
