"""The URLs of the installation's main domain: the platform's home and the national view.

The municipalities' portals use istog_consult/urls.py; the host middleware routes the main
domain, which belongs to no municipality, here.
"""

from django.conf.urls.i18n import i18n_patterns
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="national:home", permanent=False), name="root"),
    path("favicon.ico", lambda request: redirect(static("favicon.svg"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("national.urls_data")),
]

urlpatterns += i18n_patterns(
    path("", include("national.urls")),
    prefix_default_language=True,
)

handler404 = "national.views.not_found"
handler500 = "operations.outage.server_error"
