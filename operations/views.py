"""`/healthz/` for a load balancer, a monitor or systemd: JSON, no login, never cached."""

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import run_checks


@require_safe
@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the cache and the media folder all work, else 503; names only, no details."""
    return health_response()


def health_response() -> JsonResponse:
    """The health check's answer, also given by the outage handler when the database fails before the view."""
    checks = run_checks()
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "fail",
        "checks": {name: "ok" if ok else "fail" for name, ok in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)
