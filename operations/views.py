"""`/healthz/` for a load balancer, a monitor or systemd: JSON, no login, never cached."""

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import run_checks

# Parts the site serves without: a failed cache makes pages slower, not unavailable.
OPTIONAL_PARTS = frozenset({"cache"})


@require_safe
@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the media folder work, else 503; names only, no details.

    A cache that fails is reported ("degraded") but still answers 200: pages are then served
    uncached (web/cache.py), so a load balancer must not take every server out for it.
    """
    return health_response()


def health_response() -> JsonResponse:
    """The health check's answer, also given by the outage handler when the database fails before the view."""
    checks = run_checks()
    serving = all(ok for name, ok in checks.items() if name not in OPTIONAL_PARTS)
    status = "fail" if not serving else "ok" if all(checks.values()) else "degraded"
    body = {"status": status, "checks": {name: "ok" if ok else "fail" for name, ok in checks.items()}}
    return JsonResponse(body, status=200 if serving else 503)
