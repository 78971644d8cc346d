"""The portal's URLs: language-prefixed pages, plus files that do not depend on language."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from consultations.branding_views import municipality_css, municipality_emblem
from consultations.views import root_redirect

urlpatterns = [
    path("", root_redirect, name="root"),
    path("admin/", RedirectView.as_view(url="/sq/admin/", permanent=False)),
    # Browsers ask for /favicon.ico whatever the page says; the icon is an SVG in static/.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"))),
    path("municipality.css", municipality_css, name="municipality-css"),
    path("municipality-emblem", municipality_emblem, name="municipality-emblem"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("opendata.urls")),
    path("", include("operations.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("consultations.urls")),
    path("raportet/", include("reports.urls")),
    path("", include("opendata.urls_pages")),
    path("", include("participation.urls")),
    path("", include("notifications.urls")),
    path("", include("staff.urls")),
    prefix_default_language=True,
)

# A database outage anywhere in a request is a 503 with a page that needs no database.
handler500 = "operations.outage.server_error"

admin.site.site_header = admin.site.site_title = "Istog Consult"
