from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path("konsultimet/", views.HearingListView.as_view(), name="hearing-list"),
    path("konsultimet/<int:pk>/", views.HearingDetailView.as_view(), name="hearing-detail"),
    path("konsultimet/<int:pk>/<slug:slug>/", views.HearingDetailView.as_view(), name="hearing-detail-slug"),
    path("dokumentet/<int:pk>/", views.document_download, name="document-download"),
    path("plani/", views.plan_index, name="plan-index"),
    path("plani/<int:year>/", views.PlanDetailView.as_view(), name="plan-detail"),
]
