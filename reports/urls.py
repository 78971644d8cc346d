from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="report-index"),
    path("verifiko/", views.verify, name="verify"),
    path("<int:year>/", views.annual_report, name="annual-report"),
    path("<int:year>/pdf/", views.annual_report_pdf, name="annual-report-pdf"),
    path("<int:year>/versionet.json", views.versions_json, name="versions-json"),
    path("<int:year>/v<int:version>/pdf/", views.annual_report_version_pdf, name="annual-report-version-pdf"),
]
