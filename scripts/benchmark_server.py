"""The benchmark's server side: gunicorn started with the repository's configuration, wrk against it,
and the workers' memory and CPU read from /proc (scripts/benchmark.py drives them).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"
GZIP = ("-H", "Accept-Encoding: gzip")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, page_cache: bool):
    """A gunicorn master with the repository's gunicorn.conf.py, stopped (by its own pid) on exit."""
    server_env = {**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    if not page_cache:
        server_env["PAGE_CACHE_SECONDS"] = "0"
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "istog_consult.wsgi"],
        cwd=ROOT,
        env=server_env,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/bare/", timeout=2).read()
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn did not answer on port {port}")
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def worker_memory_mb(master: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            if fields.get("PPid", "").strip() == str(master.pid):
                sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def wrk(url: str, duration: float, connections: int, host: str = "") -> float:
    """Requests per second wrk measured (gzip accepted, as browsers do); `host`: the Host header, if not the URL's."""
    headers = ("-H", f"Host: {host}") if host else ()
    seconds = f"{max(1, round(duration))}s"
    output = subprocess.run(  # noqa: S603 - wrk from Debian with fixed arguments
        [WRK, "-t", "1", "-c", str(connections), "-d", seconds, "--timeout", "30s", *GZIP, *headers, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in output.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    return 0.0


def fill_caches(url: str, connections: int, limit: float = 30, host: str = "") -> None:
    """Request the page until `connections` requests at once are all cache hits, three times running.

    With the local-memory cache each worker keeps its own copy: a page that takes seconds to
    render (the report PDF) is not in every worker's cache after a second of wrk, and the
    measurement would count those first renderings. Gives up after `limit` seconds.
    """
    from concurrent.futures import ThreadPoolExecutor

    request = urllib.request.Request(url, headers={"Host": host} if host else {})  # noqa: S310 - our own server

    def hit(_number: int) -> bool:
        with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=limit) as response:  # noqa: S310
            response.read()
            return response.headers.get("X-Page-Cache") == "hit"
        return False

    deadline, running = time.monotonic() + limit, 0
    with ThreadPoolExecutor(connections) as pool:
        while running < 3 and time.monotonic() < deadline:
            running = running + 1 if all(pool.map(hit, range(connections))) else 0


def workers_cpu_seconds(master: subprocess.Popen) -> float:
    """CPU seconds the gunicorn workers (children of the master) have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[1] == str(master.pid):  # ppid
                total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def settle(master: subprocess.Popen, limit: float = 180) -> None:
    """Wait until the workers are idle: wrk stops when its window ends, the server does not.

    A page that takes seconds to render leaves requests running after wrk's window; measured
    next, another page would share the CPU with them.
    """
    deadline = time.monotonic() + limit
    before = workers_cpu_seconds(master)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = workers_cpu_seconds(master)
        if now - before < 0.05:  # under 10% of one CPU over half a second
            return
        before = now
