"""The services scripts/two_node.py starts on loopback, each stopped by its own process id.

An application node is a gunicorn master (the repository's gunicorn.conf.py) in a session of its own,
with its own folder for MEDIA_ROOT, CACHE_DIR and STATIC_ROOT, so that killing the node with
`kill -9` kills its workers too, as a machine that dies would. Its worker (`manage.py run_worker`)
runs beside it with the same environment. The S3 API server is moto's standalone server (as the test
suite starts it); the SMTP server is an aiosmtpd sink in this process that keeps every message.
"""

from __future__ import annotations

import contextlib
import email
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port(start: int, taken: set[int]) -> int:
    """The first port from `start` that nothing listens on and that this run has not given out yet."""
    for port in range(start, start + 200):
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        taken.add(port)
        return port
    raise RuntimeError(f"no free port in {start}-{start + 199}")


def answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


# --- The S3 API server and the SMTP sink ----------------------------------------------------


@contextlib.contextmanager
def s3_server(port: int, log: Path):
    """moto's standalone S3 server on 127.0.0.1:`port`; yields its endpoint URL."""
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and a fixed module
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while not answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the S3 server did not start on port {port} (see {log})")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class MailSink:
    """What the SMTP sink received: one (recipient, subject, Message-ID) per recipient of each message."""

    received: list[tuple[str, str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received.append((recipient, str(message.get("Subject", "")), str(message.get("Message-ID", ""))))
        return "250 Message accepted"

    def count(self) -> int:
        with self.lock:
            return len(self.received)


@contextlib.contextmanager
def smtp_sink(port: int):
    """An SMTP server on 127.0.0.1:`port` that accepts and keeps every message; yields the MailSink."""
    from aiosmtpd.controller import Controller

    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


# --- Application nodes and their workers ----------------------------------------------------


@dataclass
class Node:
    """One application node: gunicorn on `port` and its worker, with `folder` as its own disk."""

    name: str
    port: int
    folder: Path
    env: dict[str, str]
    host: str
    worker_command: list[str]
    server: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def node_env(self) -> dict[str, str]:
        return {
            **os.environ,
            **self.env,
            "GUNICORN_BIND": self.address,
            "MEDIA_ROOT": str(self.folder / "media"),
            "CACHE_DIR": str(self.folder / "cache"),
            "STATIC_ROOT": str(self.folder / "static"),
        }

    def _spawn(self, command: list[str], log: str) -> subprocess.Popen:
        with (self.folder / log).open("ab") as output:
            # A session of its own: `kill -9` of the group takes the master and all its workers at once.
            return subprocess.Popen(  # noqa: S603 - our own gunicorn and manage.py with fixed arguments
                command, cwd=ROOT, env=self.node_env(), stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )

    def start(self, limit: float = 60) -> float:
        """Start gunicorn and wait until /healthz/ answers 200; returns the seconds it took."""
        started = time.monotonic()
        self.spawn()
        self.wait_until_healthy(limit)
        return time.monotonic() - started

    def spawn(self) -> None:
        command = [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), "istog_consult.wsgi"]
        self.server = self._spawn(command, "gunicorn.log")

    def wait_until_healthy(self, limit: float = 60) -> None:
        started = time.monotonic()
        while True:
            with contextlib.suppress(OSError, http.client.HTTPException):
                if Browser(self.address, self.host).get("/healthz/").status == 200:
                    return
            if self.server.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn ended with {self.server.returncode} (see {self.folder})")
            if time.monotonic() - started > limit:
                raise RuntimeError(f"{self.name}: gunicorn did not answer within {limit:g} s")
            time.sleep(0.1)

    def start_worker(self) -> None:
        self.worker = self._spawn([sys.executable, "manage.py", *self.worker_command], "worker.log")

    def logged_errors(self) -> dict[str, list[str]]:
        """The lines of this node's gunicorn and worker logs that report an error (LOG_LEVEL=WARNING keeps them)."""
        found = {}
        for log in ("gunicorn.log", "worker.log"):
            path = self.folder / log
            lines = path.read_text(errors="replace").splitlines() if path.exists() else []
            found[log] = [line for line in lines if " ERROR " in line or line.startswith("Traceback")]
        return found

    def kill(self) -> None:
        """`kill -9` of the gunicorn master and its workers, as when the machine dies."""
        if self.server is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait()

    def stop(self) -> None:
        for process in (self.worker, self.server):
            if process is None or process.poll() is not None:
                continue
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


# --- nginx: the repository's site file balancing the nodes, a plain balancer, a static file --


def nginx_extra(balancer_port: int, static_port: int, static_folder: Path, encoding: str) -> str:
    """Two more servers: the nodes balanced without the micro-cache, and the home page's bytes as a file."""
    return f"""    server {{
        listen 127.0.0.1:{balancer_port};
        location / {{
            proxy_pass http://istog_consult;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
    server {{
        listen 127.0.0.1:{static_port};
        root {static_folder};
        location / {{ default_type text/html; {f"add_header Content-Encoding {encoding};" if encoding else ""} }}
    }}"""


def with_upstream_header(conf: str) -> str:
    """The site file's answers also name the node that gave them (X-Upstream), to tell the killed node's."""
    line = "add_header X-Cache-Status $upstream_cache_status always;"
    return conf.replace(line, f"{line}\n        add_header X-Upstream $upstream_addr always;")


# --- HTTP: a browser with cookies, the forms it reads, wrk ------------------------------------


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """One visitor: a connection to `address` sending Host `host`, keeping its cookies."""

    def __init__(self, address: str, host: str) -> None:
        self.address, self.host = address, host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: list[tuple[str, str]] | None = None) -> Page:
        headers = {"Host": self.host}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.address, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.split(";", 1)[0].partition("=")
                self.cookies[key.strip()] = rest.strip()
        return Page(response.status, {k.lower(): v for k, v in response.getheaders()}, content)

    def get(self, path: str, follow: bool = False) -> Page:
        page = self.request("GET", path)
        for _ in range(5):
            if not (follow and page.status in (301, 302, 303, 307, 308)):
                break
            location = urllib.parse.urlsplit(page.headers["location"])
            page = self.request("GET", location.path + (f"?{location.query}" if location.query else ""))
        return page

    def post(self, path: str, fields: list[tuple[str, str]]) -> Page:
        return self.request("POST", path, fields)


class FormReader(HTMLParser):
    """The fields a browser would send for the form with id `form_id`: inputs, checked boxes, selected options."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    reader = FormReader(form_id)
    reader.feed(html)
    return reader.fields


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


@dataclass
class WrkResult:
    requests_per_second: float
    median_ms: float
    not_2xx: int


def wrk(url: str, host: str, duration: float, connections: int) -> WrkResult:
    """wrk (Debian's) against `url` with gzip accepted and Host `host`: rate, median latency, non-2xx answers."""
    import shutil

    output = subprocess.run(  # noqa: S603 - wrk from Debian with fixed arguments
        [
            shutil.which("wrk") or "/usr/bin/wrk",
            "-t",
            "1",
            "-c",
            str(connections),
            "-d",
            f"{max(1, round(duration))}s",
            "--timeout",
            "30s",
            "--latency",
            "-H",
            "Accept-Encoding: gzip",
            "-H",
            f"Host: {host}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    median = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\b", output, re.MULTILINE)
    not_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return WrkResult(
        requests_per_second=float(rate.group(1)) if rate else 0.0,
        median_ms=float(median.group(1)) * scale[median.group(2)] if median else 0.0,
        not_2xx=int(not_2xx.group(1)) if not_2xx else 0,
    )
