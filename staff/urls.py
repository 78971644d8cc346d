from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("stafi/pasqyra/", views.overview, name="overview"),
]
