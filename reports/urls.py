from django.urls import path

from consultations.pagecache import public_page

from . import views

app_name = "reports"

urlpatterns = [
    path("", public_page(views.report_index), name="report-index"),
    path("<int:year>/", public_page(views.annual_report), name="annual-report"),
    path("<int:year>/pdf/", public_page(views.annual_report_pdf), name="annual-report-pdf"),
]
