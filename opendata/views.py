from django.http import Http404


def _placeholder(*args, **kwargs):  # PLACEHOLDER: replaced by the open data work
    raise Http404


calendar_all = calendar_hearing = hearings_csv = hearings_json = plan_json = opendata_page = _placeholder
