"""Files that are the same in every language: calendars and open data."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("konsultimet.ics", views.calendar_all, name="calendar"),
    path("konsultimet/<int:pk>.ics", views.calendar_hearing, name="hearing-calendar"),
    path("opendata/hearings-<int:year>.csv", views.hearings_csv, name="hearings-csv"),
    path("opendata/hearings-<int:year>.json", views.hearings_json, name="hearings-json"),
    path("opendata/plan-<int:year>.json", views.plan_json, name="plan-json"),
]
