"""Language-prefixed pages of the open data app: its description page and the feeds."""

from django.urls import path

from . import feeds, views

app_name = "opendata-pages"

urlpatterns = [
    path("opendata/", views.opendata_page, name="opendata"),
    path("feeds/rss/", feeds.LatestRssFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestAtomFeed(), name="feed-atom"),
]
