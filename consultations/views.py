from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.views import View


def root_redirect(request):
    """Send / to the citizen's chosen language (its cookie), else to Albanian."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    return HttpResponseRedirect(f"/{code}/")


def _placeholder(*args, **kwargs):  # PLACEHOLDER: replaced by the public pages work
    raise Http404


home = document_download = plan_index = _placeholder


class HearingListView(View):  # PLACEHOLDER
    get = _placeholder


HearingDetailView = PlanDetailView = HearingListView
