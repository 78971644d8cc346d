"""Files that are the same in every language: calendars and open data."""

from django.urls import path

from web.pagecache import public_page

from . import views

app_name = "opendata"

calendar = public_page(parameters=views.CALENDAR_PARAMETERS)

urlpatterns = [
    path("konsultimet.ics", calendar(views.calendar_all), name="calendar"),
    path("konsultimet-<int:year>.ics", calendar(views.calendar_year), name="calendar-year"),
    path("konsultimet/<int:pk>.ics", calendar(views.calendar_hearing), name="hearing-calendar"),
    path("opendata/hearings-<int:year>.csv", public_page(views.hearings_csv), name="hearings-csv"),
    path("opendata/hearings-<int:year>.json", public_page(views.hearings_json), name="hearings-json"),
    path("opendata/plan-<int:year>.json", public_page(views.plan_json), name="plan-json"),
    path(
        "opendata/datapackage-<int:year>.json",
        public_page(parameters=views.DATAPACKAGE_PARAMETERS)(views.datapackage_json),
        name="datapackage",
    ),
    path("opendata/catalog.jsonld", public_page(views.catalog_jsonld), name="catalog"),
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", public_page(views.sitemap), name="sitemap"),
]
