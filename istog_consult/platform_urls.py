"""The installation's main domain (SITE_URL's host): the platform's own pages, not any municipality's.

municipalities.middleware routes a request for the main domain here (request.urlconf); each
municipality's domain serves istog_consult.urls. The national view (national/) lives here too.
"""

from django.conf.urls.i18n import i18n_patterns
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from municipalities import platform_views
from national import views as national_views

platform_patterns = [
    path("", platform_views.home, name="home"),
]

urlpatterns = [
    path("", platform_views.root, name="platform-root"),
    path("favicon.ico", lambda request: redirect(static("favicon.svg"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("operations.urls")),
    path("", include("national.urls_data")),
]

urlpatterns += i18n_patterns(
    path("", include((platform_patterns, "platform"))),
    # The national report prints this address (the same path as a municipality's verification page).
    path("raportet/verifiko/", national_views.verify, name="platform-verify"),
    path("", include("national.urls")),
    prefix_default_language=True,
)

handler404 = "national.views.not_found"
handler500 = "operations.outage.server_error"
