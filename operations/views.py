"""`/healthz/` for a load balancer, a monitor or systemd: JSON, no login, never cached."""

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import run_checks
from .stored_objects import uses_object_storage

# Parts the site serves without: a failed cache makes pages slower, not unavailable.
OPTIONAL_PARTS = frozenset({"cache"})


def optional_parts() -> frozenset[str]:
    """The parts whose failure leaves the server in a load balancer's rotation ("degraded", 200).

    Object storage (MEDIA_STORAGE_URL) is one service every application node shares: when it fails it
    fails for all of them, and a 503 would make the load balancer take every node out, pages that need
    no file included. Uploads and downloads then fail on their own, with their messages and 503 page.
    A media folder on the node's own disk is that node's fault: 503, and the others serve.
    """
    return OPTIONAL_PARTS | {"media"} if uses_object_storage() else OPTIONAL_PARTS


@require_safe
@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the media folder work, else 503; names only, no details.

    A cache that fails is reported ("degraded") but still answers 200: pages are then served
    uncached (web/cache.py), so a load balancer must not take every server out for it. So does
    shared object storage (optional_parts).
    """
    return health_response()


def health_response() -> JsonResponse:
    """The health check's answer, also given by the outage handler when the database fails before the view."""
    checks = run_checks()
    optional = optional_parts()
    serving = all(ok for name, ok in checks.items() if name not in optional)
    status = "fail" if not serving else "ok" if all(checks.values()) else "degraded"
    body = {"status": status, "checks": {name: "ok" if ok else "fail" for name, ok in checks.items()}}
    return JsonResponse(body, status=200 if serving else 503)
