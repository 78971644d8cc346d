"""The national pages, in the language of the address's prefix (istog_consult/platform_urls.py)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from web.pagecache import public_page

from . import views
from .table import PARAMETERS

app_name = "national"

urlpatterns = [
    path("kombetare/<int:year>/", public_page(parameters=PARAMETERS)(views.national_page), name="national-page"),
    path("kombetare/<int:year>/raporti/", public_page(views.national_report), name="national-report"),
    # A provisional PDF comes from the page cache; a published one never does (page_cache_exempt).
    path("kombetare/<int:year>/raporti/pdf/", public_page(views.national_report_pdf), name="national-report-pdf"),
    path(
        "kombetare/<int:year>/raporti/v<int:version>/pdf/",
        views.national_report_version_pdf,
        name="national-report-version-pdf",
    ),
    # The national reader's sign-in on the main domain (national/staff_links.py); sign-out is a POST.
    path("kombetare/hyrje/", views.ReaderSignInView.as_view(), name="sign-in"),
    path("kombetare/dalje/", auth_views.LogoutView.as_view(next_page="platform:home"), name="sign-out"),
]
