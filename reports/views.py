from django.http import Http404


def _placeholder(*args, **kwargs):  # PLACEHOLDER: replaced by the reports work
    raise Http404


report_index = annual_report = annual_report_pdf = _placeholder
