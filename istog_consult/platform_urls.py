"""The installation's main domain (SITE_URL's host): the platform's own pages, not any municipality's.

municipalities.middleware routes a request for the main domain here (request.urlconf); each
municipality's domain serves istog_consult.urls.
"""

from django.conf.urls.i18n import i18n_patterns
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from municipalities import platform_views

platform_patterns = [
    path("", platform_views.home, name="home"),
]

urlpatterns = [
    path("", platform_views.root, name="platform-root"),
    path("favicon.ico", lambda request: redirect(static("favicon.svg"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("operations.urls")),
]

urlpatterns += i18n_patterns(
    path("", include((platform_patterns, "platform"))),
    prefix_default_language=True,
)
