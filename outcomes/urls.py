from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("konsultimet/<int:pk>/raporti.pdf", views.report_pdf, name="report-pdf"),
    path("konsultimet/<int:pk>/raporti-v<int:version>.pdf", views.report_pdf, name="report-version-pdf"),
    path("stafi/konsultimet/<int:pk>/raporti/", views.staff_report, name="staff-report"),
    path("stafi/konsultimet/<int:pk>/raporti-paraparje.pdf", views.staff_preview_pdf, name="staff-preview-pdf"),
]
