"""The main domain's URLs and /bare/: with several municipalities, 127.0.0.1 is the main domain."""

from django.urls import path

from istog_consult.platform_urls import handler404, handler500
from istog_consult.platform_urls import urlpatterns as platform_urlpatterns

from .urls import bare

urlpatterns = [path("bare/", bare), *platform_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
