from django.http import Http404


class LatestRssFeed:  # PLACEHOLDER: replaced by the open data work
    def __call__(self, request, *args, **kwargs):
        raise Http404


LatestAtomFeed = LatestRssFeed
