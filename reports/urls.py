from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="report-index"),
    path("<int:year>/", views.annual_report, name="annual-report"),
    path("<int:year>/pdf/", views.annual_report_pdf, name="annual-report-pdf"),
]
