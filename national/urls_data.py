"""The national open data: the same files in every language, without a language prefix."""

from django.urls import path

from web.pagecache import public_page

from . import views

app_name = "national-data"

urlpatterns = [
    path("opendata/national-indicators-<int:year>.csv", public_page(views.indicators_csv), name="indicators-csv"),
    path("opendata/national-indicators-<int:year>.json", public_page(views.indicators_json), name="indicators-json"),
    path("opendata/national-datapackage-<int:year>.json", public_page(views.datapackage_json), name="datapackage"),
    path("opendata/catalog.jsonld", public_page(views.catalog_jsonld), name="catalog"),
]
