"""A load scenario against a running portal: many citizens reading, downloading and posting at once.

    .venv/bin/python scripts/loadtest.py --url http://127.0.0.1:8112 --hearing /sq/konsultimet/7/ \
        --read /sq/ --read /sq/konsultimet/ --pdf /sq/raportet/2025/pdf/ [--clients 50] [--duration 60]

Each client is a thread with its own connection and cookies. It mostly reads pages, sometimes
downloads the PDF, and posts comments (on the open written consultation given by --hearing)
and subscriptions through the real forms: it reads the form first, keeps its CSRF cookie and
token, and sends the form only after COMMENT_MIN_SECONDS, as a person would. Each client
sends its own X-Forwarded-For address (the server must run with TRUSTED_PROXY_COUNT=1).
scripts/benchmark.py runs this against the servers it starts and compares the accepted posts
with the rows stored. A measurement, never a test: it prints figures and fails on none.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import http.client
import random
import re
import statistics
import threading
import time
import urllib.parse
from html.parser import HTMLParser

FORM_WAIT_SECONDS = 3.5  # a little above COMMENT_MIN_SECONDS (3): faster forms are refused as robots


class _FormReader(HTMLParser):
    """The named inputs of the first form whose action contains `action`."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.found, self.fields = action, False, False, {}

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = dict(attrs)
        if tag == "form" and not self.found and self.action in (attrs.get("action") or ""):
            self.inside = self.found = True
        elif (
            self.inside
            and tag in ("input", "textarea", "select")
            and attrs.get("name")
            and attrs.get("type") not in ("checkbox", "submit")
        ):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


@dataclasses.dataclass
class LoadResult:
    """What the clients saw: statuses, latencies, and the posts the server accepted."""

    statuses: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    read_latencies: list[float] = dataclasses.field(default_factory=list)
    post_latencies: list[float] = dataclasses.field(default_factory=list)
    comments_accepted: int = 0
    subscriptions_accepted: int = 0
    posts_refused: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    # Every answer that was not an answer (5xx, a dropped connection), with when it was asked and
    # answered (time.monotonic()), so that scripts/two_node.py can tell the killed node's from the rest.
    failures: list[dict] = dataclasses.field(default_factory=list)
    # Every form sent: its kind, the text that identifies its row (comment body, email), the status,
    # whether it was accepted, and when (time.monotonic()), so that rows can be matched one by one.
    posts: list[dict] = dataclasses.field(default_factory=list)
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def errors(self) -> dict[str, int]:
        return {status: count for status, count in sorted(self.statuses.items()) if not status.startswith(("2", "3"))}


class _Client:
    def __init__(self, number: int, base: str, options, result: LoadResult, deadline: float) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.number, self.options, self.result, self.deadline = number, options, result, deadline
        self.address = f"10.{number // 250}.{number % 250}.{random.randrange(1, 250)}"  # noqa: S311
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.pending: list[tuple[float, str, str, dict]] = []  # (ready at, kind, action, fields)
        self.sent = 0

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, bytes, float]:
        headers = {"X-Forwarded-For": self.address, "Accept-Encoding": "gzip"}
        if getattr(self.options, "host", ""):
            headers["Host"] = self.options.host
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        asked, started = time.monotonic(), time.perf_counter()
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt:
                    with self.result.lock:
                        self.result.statuses["connection error"] += 1
                        self.result.failures.append(self._failure("connection error", method, path, asked))
                    return 0, {}, b"", time.perf_counter() - started
        elapsed = time.perf_counter() - started
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                self.cookies[key.strip()] = val.strip()
        with self.result.lock:
            self.result.statuses[str(response.status)] += 1
            if response.status >= 500:
                failure = self._failure(str(response.status), method, path, asked)
                failure["upstream"] = response.getheader("X-Upstream", "")
                self.result.failures.append(failure)
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content, elapsed

    @staticmethod
    def _failure(status: str, method: str, path: str, asked: float) -> dict:
        """A request that got no proper answer, asked at `asked` and given up now (time.monotonic())."""
        return {"status": status, "method": method, "path": path, "started": asked, "ended": time.monotonic()}

    def read(self, path: str) -> None:
        _status, _headers, _body, elapsed = self.request("GET", path)
        with self.result.lock:
            self.result.read_latencies.append(elapsed)

    def open_form(self, kind: str) -> None:
        page = self.options.hearing if kind == "comment" else self.options.subscribe
        status, headers, body, elapsed = self.request("GET", page)
        with self.result.lock:
            self.result.read_latencies.append(elapsed)
        if status != 200:
            return
        if headers.get("content-encoding") == "gzip":
            import gzip

            body = gzip.decompress(body)
        html = body.decode("utf-8", "replace")
        marker = "/komento/" if kind == "comment" else "/abonohu/"
        reader = _FormReader(marker)
        reader.feed(html)
        action = re.search(r'<form[^>]*action="([^"]*' + re.escape(marker) + r'[^"]*)"', html)
        if reader.found and action:
            self.pending.append((time.monotonic() + FORM_WAIT_SECONDS, kind, action.group(1), reader.fields))

    def send_form(self, kind: str, action: str, fields: dict) -> None:
        self.sent += 1
        data = dict(fields)
        data.pop("website", None)  # the honeypot stays empty
        data["consent"] = "on"
        if kind == "comment":
            data["body"] = key = f"Koment prove nr. {self.number}-{self.sent}: ndriçimi i rrugës në fshat."
        else:
            key = f"qytetari{self.number}-{self.sent}-{random.randrange(10**6)}@example.org"  # noqa: S311
            data["email"] = key
        started = time.monotonic()
        status, headers, _body, elapsed = self.request("POST", action, urllib.parse.urlencode(data))
        first_status = status
        if status in (0, 502, 503, 504) and getattr(self.options, "resend_failed", False):
            # What a citizen does when the answer was an error page: send the same form again. The
            # portal must store it once, whether or not the first post was stored before its answer was lost.
            time.sleep(1)
            status, headers, _body, elapsed = self.request("POST", action, urllib.parse.urlencode(data))
        with self.result.lock:
            self.result.post_latencies.append(elapsed)
            accepted = status == 302 and (
                "pranuar" in headers.get("location", "") or "derguar" in headers.get("location", "")
            )
            if accepted and kind == "comment":
                self.result.comments_accepted += 1
            elif accepted:
                self.result.subscriptions_accepted += 1
            else:
                self.result.posts_refused[f"{kind} {status}"] += 1
            self.result.posts.append(
                {
                    "kind": kind,
                    "key": key,
                    "status": status,
                    "first_status": first_status,
                    "accepted": accepted,
                    "started": started,
                    "ended": time.monotonic(),
                }
            )

    def run(self) -> None:
        rng = random.Random(self.number)  # noqa: S311 - a load pattern, not a secret
        while time.monotonic() < self.deadline:
            ready = [item for item in self.pending if item[0] <= time.monotonic()]
            if ready:
                self.pending.remove(ready[0])
                _at, kind, action, fields = ready[0]
                self.send_form(kind, action, fields)
                continue
            roll = rng.random()
            if roll < self.options.comment_share:
                self.open_form("comment")
            elif roll < self.options.comment_share + self.options.subscribe_share:
                self.open_form("subscribe")
            elif roll < self.options.comment_share + self.options.subscribe_share + self.options.pdf_share:
                self.read(rng.choice(self.options.pdf))
            else:
                self.read(rng.choice(self.options.read))
        self.connection.close()


def run(options) -> LoadResult:
    """Run `options.clients` clients for `options.duration` seconds and gather what they saw."""
    result = LoadResult()
    deadline = time.monotonic() + options.duration
    clients = [_Client(n, options.url, options, result, deadline) for n in range(options.clients)]
    threads = [threading.Thread(target=client.run, daemon=True) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(options.duration + 120)
    return result


def _ms(values: list[float], quantile: float) -> str:
    if not values:
        return "-"
    if quantile == 0.5:
        return f"{statistics.median(values) * 1000:.0f}"
    return f"{statistics.quantiles(values, n=100)[int(quantile * 100) - 1] * 1000:.0f}"


def report(result: LoadResult, stored: dict[str, int] | None = None) -> str:
    """The figures of a run as text."""
    total = sum(result.statuses.values())
    lines = [
        f"requests: {total}; statuses: {dict(sorted(result.statuses.items()))}",
        f"errors (not 2xx/3xx): {result.errors() or 'none'}",
        f"page reads: median {_ms(result.read_latencies, 0.5)} ms, p95 {_ms(result.read_latencies, 0.95)} ms",
        f"form posts: median {_ms(result.post_latencies, 0.5)} ms, p95 {_ms(result.post_latencies, 0.95)} ms",
        f"comments accepted: {result.comments_accepted}; subscriptions accepted: {result.subscriptions_accepted}",
        f"posts refused: {dict(result.posts_refused) or 'none'}",
    ]
    if stored is not None:
        lines.append(f"rows stored: {stored}")
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    """The command line of the load scenario (also used by benchmark.py)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", default="http://127.0.0.1:8112", help="The running portal (default %(default)s).")
    p.add_argument("--clients", type=int, default=50, help="Simultaneous clients (default 50).")
    p.add_argument("--duration", type=float, default=15, help="Seconds to run (default 15; the issue's run: 60).")
    p.add_argument("--hearing", default="", help="Page of an open written consultation (its comment form).")
    p.add_argument("--subscribe", default="/sq/abonohu/", help="The subscription form's page.")
    p.add_argument("--host", default="", help="The Host header to send (default: the one --url names).")
    p.add_argument(
        "--resend-failed",
        action="store_true",
        help="Send a form again, once, when its answer was a 5xx or a dropped connection (as a citizen would).",
    )
    p.add_argument("--read", action="append", default=[], help="A page to read (repeat).")
    p.add_argument("--pdf", action="append", default=[], help="A PDF to download (repeat).")
    p.add_argument("--comment-share", type=float, default=0.04)
    p.add_argument("--subscribe-share", type=float, default=0.03)
    p.add_argument("--pdf-share", type=float, default=0.05)
    return p


if __name__ == "__main__":
    arguments = parser().parse_args()
    if not arguments.read:
        arguments.read = ["/sq/", "/sq/konsultimet/"]
    if not arguments.pdf:
        arguments.pdf = arguments.read
    print(report(run(arguments)))
