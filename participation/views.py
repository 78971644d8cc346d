from django.http import Http404


def _placeholder(*args, **kwargs):  # PLACEHOLDER: replaced by the participation work
    raise Http404


submit_comment = comment_received = subscribe = confirm_subscription = unsubscribe = staff_overview = _placeholder
