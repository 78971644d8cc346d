"""nginx's micro-cache (deploy/nginx/istog-consult.conf) side by side with nginx serving the same bytes as a file.

    .venv/bin/python scripts/nginx_microcache.py [--hearings 100] [--duration 5] [--connections 64]

It builds a throwaway database as scripts/benchmark.py does, starts gunicorn (the production
settings, the repository's gunicorn.conf.py) on 127.0.0.1:20910 and Debian's nginx on 20911 with
the repository's site file (TLS left out), plus a second nginx server on 20912 that serves the
home page's gzipped bytes, fetched once, as a static file. wrk (gzip accepted) then measures, one
after the other: the home page through the micro-cache, the same bytes as a static file, and the
home page from gunicorn directly (Django's page cache). The issue's bar: the micro-cache reaches at
least half of the static file's rate. A measurement, never a test: it fails on no number.
tests/test_nginx_microcache.py builds its nginx.conf with `nginx_conf` below.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx" / "istog-consult.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PORTS = {"gunicorn": 20910, "nginx": 20911, "static": 20912}


def nginx_conf(folder: Path, port: int, upstream: str | list[str], *, workers: str = "", extra: str = "") -> str:
    """The repository's site file inside a minimal nginx.conf: the same caching rules, these addresses.

    `upstream` is one application node (host:port) or several, balanced as the site file's `upstream`
    block does (scripts/two_node.py). Everything nginx writes stays in `folder`. Without `workers`
    nginx runs as one process (`master_process off`); with it (e.g. "auto") as a master and that
    many workers.
    """
    site = SITE.read_text()
    site = site.replace("/var/cache/nginx/istog-consult", str(folder / "cache"))
    nodes = [upstream] if isinstance(upstream, str) else upstream
    site = site.replace("server 127.0.0.1:8000;", "\n    ".join(f"server {node};" for node in nodes))
    site = re.sub(r"server \{\s*listen 80;.*?\}\n", "", site, flags=re.DOTALL)  # the HTTPS redirect
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    site = re.sub(r"\n\s*ssl_certificate(_key)? .*?;", "", site)
    site = site.replace("server_name konsultime.istog.example;", "server_name localhost;")
    temp = "\n".join(
        f"    {name}_temp_path {folder / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    processes = f"worker_processes {workers};" if workers else "master_process off;"
    if workers and os.getuid() == 0:
        # A master started as root runs its workers as `nobody`, who may not write into `folder`.
        processes += f"\nuser {pwd.getpwuid(os.getuid()).pw_name};"
    return f"""daemon off;
{processes}
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
{temp}
{site}
{extra}
}}
"""


def wait_for_port(port: int, process: subprocess.Popen, limit: float = 10) -> None:
    """Until something listens on 127.0.0.1:`port`; fails if `process` ends first."""
    deadline = time.monotonic() + limit
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} ended with status {process.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on port {port}") from None
            time.sleep(0.05)


@contextlib.contextmanager
def nginx(folder: Path, conf: str, port: int) -> Iterator[subprocess.Popen]:
    """nginx with `conf`, checked first (`nginx -t`), stopped by its own pid on exit."""
    path = folder / "nginx.conf"
    path.write_text(conf)
    command = [NGINX, "-p", str(folder), "-c", str(path)]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)  # noqa: S603 (Debian's nginx)
    if check.returncode != 0:
        raise RuntimeError(check.stderr)
    process = subprocess.Popen(command)  # noqa: S603 (Debian's nginx)
    try:
        wait_for_port(port, process)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)
        log = folder / "error.log"
        if log.exists() and log.read_text().strip():
            print(f"nginx's error log:\n{log.read_text()}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hearings", type=int, default=100, help="Hearings to generate (default 100).")
    parser.add_argument("--duration", type=float, default=5, help="Seconds of wrk per measurement (default 5).")
    parser.add_argument("--connections", type=int, default=64, help="wrk's open connections (default 64).")
    parser.add_argument("--rounds", type=int, default=2, help="Interleaved rounds (default 2).")
    options = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
    from benchmark import configure, create_database, drop_database, generate
    from benchmark_server import WRK, gunicorn, wrk

    if not Path(WRK).exists() or not Path(NGINX).exists():
        raise SystemExit("wrk and nginx are needed: apt-get install -y wrk nginx")
    options.cache_url = ""
    with tempfile.TemporaryDirectory(prefix="istog-microcache-") as name:
        folder = Path(name)
        env = configure(folder, options)
        create_database(env)
        try:
            generate(options.hearings)
            with gunicorn(env, PORTS["gunicorn"], page_cache=True):
                direct = f"http://127.0.0.1:{PORTS['gunicorn']}/sq/"
                request = urllib.request.Request(direct, headers={"Accept-Encoding": "gzip"})
                with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (our own server)
                    body = answer.read()
                    encoding = answer.headers.get("Content-Encoding", "")
                (folder / "copy").mkdir()
                (folder / "copy" / "index.html").write_bytes(body)
                static = f"""    server {{
        listen 127.0.0.1:{PORTS["static"]};
        root {folder / "copy"};
        location / {{ default_type text/html; {f"add_header Content-Encoding {encoding};" if encoding else ""} }}
    }}"""
                conf = nginx_conf(
                    folder, PORTS["nginx"], f"127.0.0.1:{PORTS['gunicorn']}", workers="auto", extra=static
                )
                with nginx(folder, conf, PORTS["nginx"]):
                    urls = {
                        "nginx micro-cache": f"http://127.0.0.1:{PORTS['nginx']}/sq/",
                        "nginx static file": f"http://127.0.0.1:{PORTS['static']}/index.html",
                        "gunicorn page cache": direct,
                    }
                    for url in urls.values():
                        wrk(url, 1, options.connections)  # warm up
                    check = urllib.request.Request(urls["nginx micro-cache"], headers={"Accept-Encoding": "gzip"})  # noqa: S310
                    with urllib.request.urlopen(check, timeout=30) as answer:  # noqa: S310 (our own nginx)
                        status = answer.headers.get("X-Cache-Status")
                        print(f"Through nginx: {answer.status}, X-Cache-Status {status}, {len(answer.read()):,} bytes")
                    rates: dict[str, list[float]] = {label: [] for label in urls}
                    for _ in range(options.rounds):
                        for label, url in urls.items():
                            rates[label].append(wrk(url, options.duration, options.connections))
        finally:
            drop_database(env)
    best = {label: max(values) for label, values in rates.items()}
    print(f"Home page, {len(body):,} bytes ({encoding or 'identity'}); wrk {options.duration:g} s x {options.rounds}, ")
    print(f"{options.connections} connections, 1 thread; best round of each:")
    for label, rate in best.items():
        print(f"  {label:<22} {rate:>10,.0f} req/s  ({rate / best['nginx static file']:.2f} x the static file)")


if __name__ == "__main__":
    main()
