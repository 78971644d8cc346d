from django.urls import path

from web.pagecache import public_page

from . import views

app_name = "reports"

urlpatterns = [
    path("", public_page(views.report_index), name="report-index"),
    # The verification page carries a CSRF token and answers POSTs: never from the page cache.
    path("verifiko/", views.verify, name="verify"),
    path("<int:year>/", public_page(views.annual_report), name="annual-report"),
    # A provisional PDF comes from the page cache; a published one never does (page_cache_exempt):
    # each download checks the stored bytes against their SHA-256.
    path("<int:year>/pdf/", public_page(views.annual_report_pdf), name="annual-report-pdf"),
    path("<int:year>/versionet.json", public_page(views.versions_json), name="versions-json"),
    path("<int:year>/v<int:version>/pdf/", views.annual_report_version_pdf, name="annual-report-version-pdf"),
]
