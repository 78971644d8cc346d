from django.urls import path

from web.pagecache import public_page

from . import views

app_name = "consultations"

hearing_detail = public_page(views.HearingDetailView.as_view())

urlpatterns = [
    path("", public_page(views.home), name="home"),
    path(
        "konsultimet/",
        public_page(views.HearingListView.as_view(), parameters=views.HearingListView.query_parameters),
        name="hearing-list",
    ),
    path("konsultimet/<int:pk>/", hearing_detail, name="hearing-detail"),
    path("konsultimet/<int:pk>/<slug:slug>/", hearing_detail, name="hearing-detail-slug"),
    path("dokumentet/<int:pk>/", views.document_download, name="document-download"),
    path("plani/", public_page(views.plan_index), name="plan-index"),
    path("plani/<int:year>/", public_page(views.PlanDetailView.as_view()), name="plan-detail"),
]
