"""gunicorn settings for Istog Consult: `gunicorn -c gunicorn.conf.py istog_consult.wsgi`.

Every value can be changed from the environment (GUNICORN_*), so that the systemd unit and
`make benchmark` use the same file. See docs/deployment.md and docs/performance.md.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number; got {raw!r}.") from None


_cpus = multiprocessing.cpu_count()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers with a few threads: pages spend part of their time waiting for the database,
# the cache or the disk, and threads let a worker serve another request meanwhile without
# the memory of another process. 2 x CPUs + 1 processes is gunicorn's own advice.
workers = _int("GUNICORN_WORKERS", 2 * _cpus + 1)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
# A worker is replaced after this many requests (plus a random jitter so they are not all
# replaced at once): memory that grows slowly under load (WeasyPrint, the ORM) is given back.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# A request that takes longer is cut off; a PDF of the report is the slowest page (a few seconds).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# The application is loaded once before forking: workers start faster and share its memory.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Behind nginx on the same machine (BEHIND_HTTPS_PROXY=1): trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket (gunicornc) is off unless a path is given: its default path in the
# home directory is shared by every gunicorn the same user runs.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
