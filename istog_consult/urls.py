"""The portal's URLs: language-prefixed pages, plus files that do not depend on language."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from consultations.views import root_redirect
from municipalities.branding_views import municipality_css, municipality_emblem
from notifications.staff_mail import QueuedPasswordResetForm
from web.staff_login import RateLimitedPasswordResetView

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
    # Password reset by email for staff, before the admin's own addresses (its catch-all would take them).
    # The link goes through the mail queue: the answer takes as long whether or not the address is staff's.
    path(
        "admin/password_reset/",
        RateLimitedPasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="admin_password_reset",
    ),
    path("admin/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("admin/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("", include("consultations.urls")),
    path("raportet/", include("reports.urls")),
    path("", include("opendata.urls_pages")),
    path("", include("participation.urls")),
    path("", include("notifications.urls")),
    path("", include("staff.urls")),
    path("", include("compliance.urls")),
    path("", include("papers.urls")),
    path("", include("outcomes.urls")),
    prefix_default_language=True,
)

# A database outage anywhere in a request is a 503 with a page that needs no database.
handler500 = "operations.outage.server_error"

admin.site.site_header = admin.site.site_title = "Istog Consult"
