from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("stafi/pajtueshmeria/<int:year>/", views.compliance_year, name="compliance-year"),
]
