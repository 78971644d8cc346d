"""Language-prefixed pages of the open data app: its description page and the feeds."""

from django.urls import path

from web.pagecache import public_page

from . import feeds, views

app_name = "opendata-pages"

urlpatterns = [
    path("opendata/", public_page(views.opendata_page), name="opendata"),
    path("feeds/rss/", public_page(feeds.LatestRssFeed()), name="feed-rss"),
    path("feeds/atom/", public_page(feeds.LatestAtomFeed()), name="feed-atom"),
]
