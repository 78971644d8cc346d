"""What scripts/two_node.py checks and measures: PDFs, an edit across nodes, wrk, failures, posts, mail."""

from __future__ import annotations

import collections
import contextlib
import gzip
import hashlib
import http.client
import time
from pathlib import Path

import loadtest
from two_node_services import Browser, Node, csrf_token, form_fields, wrk

# A request that reached node B just after the kill can still fail (nginx had a kept-alive connection to it).
KILL_GRACE_SECONDS = 1.0


def unscoped():
    """Every municipality's rows, where the models are scoped by municipality (municipalities/scoping.py)."""
    try:
        from municipalities.scoping import every_municipality
    except ImportError:  # before the scoping guard
        return contextlib.nullcontext()
    return every_municipality("the two-node script loads the demo and counts every row it caused")


# --- Checks before and after the load -----------------------------------------------------------


def check_pdfs(data: dict, addresses: dict[str, str], host: str) -> dict:
    """Every published PDF from every address, its bytes against the SHA-256 the database holds.

    A file published in a language its municipality does not offer has no page to be downloaded from;
    such files are listed apart (`not_offered`), with what the portal answered for them.
    """
    failures, not_offered = [], []
    offered = [pdf for pdf in data["pdfs"] if pdf["offered"]]
    for label, address in addresses.items():
        for pdf in data["pdfs"]:
            page = Browser(address, host).get(pdf["path"])
            digest = hashlib.sha256(page.body).hexdigest()
            if not pdf["offered"]:
                not_offered.append({"via": label, "path": pdf["path"], "status": page.status})
            elif page.status != 200 or digest != pdf["sha256"]:
                failures.append({"via": label, "path": pdf["path"], "status": page.status, "sha256": digest})
    checked = len(addresses) * len(offered)
    return {
        "files": len(offered),
        "downloads": checked,
        "verified": checked - len(failures),
        "failures": failures,
        "not_offered": not_offered,
    }


def check_edit(data: dict, via: Node, seen_by: Node, host: str, password: str, marker: str) -> dict:
    """Rename a hearing in the admin through `via`; are the pages `seen_by` had cached new on its next request?"""
    pk = data["renamed"]["pk"]
    reader = Browser(seen_by.address, host)
    pages = [f"/sq/konsultimet/{pk}/", "/sq/konsultimet/", "/konsultimet.ics"]
    for path in pages:  # twice: the second is served from node B's page cache (Redis)
        reader.get(path, follow=True)
    before = {path: reader.get(path, follow=True).headers.get("x-page-cache", "") for path in pages}

    officer = Browser(via.address, host)
    login = officer.get("/sq/admin/login/")
    answer = officer.post(
        "/sq/admin/login/",
        [
            ("csrfmiddlewaretoken", csrf_token(login.text)),
            ("username", "two-node-officer"),
            ("password", password),
            ("next", "/sq/admin/"),
        ],
    )
    if answer.status != 302:
        return {"visible": False, "error": f"sign-in answered {answer.status}"}
    change = f"/sq/admin/consultations/hearing/{pk}/change/"
    form = officer.get(change)
    fields = form_fields(form.text, "hearing_form")
    if not fields:
        return {"visible": False, "error": f"no hearing form at {change} ({form.status})"}
    title = f"{data['renamed']['title']} {marker}"
    fields = [(name, title if name == "title_sq" else value) for name, value in fields] + [("_save", "1")]
    saved = officer.post(change, fields)
    if saved.status != 302:
        return {"visible": False, "error": f"the admin answered {saved.status} to the save", "page": saved.text[-2000:]}
    data["renamed"]["title"] = title
    # The very next request of each page on the other node; calendars fold long lines, hence the unfolding.
    seen = {}
    for path in pages:
        page = reader.get(path, follow=True)
        seen[path] = marker in page.text.replace("\r\n ", "")
    return {
        "visible": all(seen.values()),
        "pages": seen,
        "cached_before": before,
        "via": via.name,
        "seen_by": seen_by.name,
    }


def measure(options, ports: dict[str, int], node: Node, static_folder: Path) -> dict:
    """The home page: one node alone, both through nginx without its cache, the micro-cache, nginx's static file."""
    page = Browser(f"127.0.0.1:{ports['nginx']}", options.host).get("/sq/")
    connection = http.client.HTTPConnection(f"127.0.0.1:{ports['nginx']}", timeout=30)
    connection.request("GET", "/sq/", headers={"Host": options.host, "Accept-Encoding": "gzip"})
    response = connection.getresponse()
    body, encoding = response.read(), response.getheader("Content-Encoding", "")
    connection.close()
    (static_folder / "index.html").write_bytes(body)
    if encoding == "gzip" and gzip.decompress(body) != page.body:
        raise RuntimeError("the gzipped and plain home pages differ")
    urls = {
        "node A alone": f"http://{node.address}/sq/",
        "both nodes through nginx, no micro-cache": f"http://127.0.0.1:{ports['balancer']}/sq/",
        "nginx micro-cache": f"http://127.0.0.1:{ports['nginx']}/sq/",
        "nginx static file, same bytes": f"http://127.0.0.1:{ports['static']}/index.html",
    }
    for url in urls.values():
        wrk(url, options.host, 1, options.clients)  # warm-up
    rounds: dict[str, list] = {label: [] for label in urls}
    for _ in range(options.rounds):
        for label, url in urls.items():
            rounds[label].append(wrk(url, options.host, options.measure_seconds, options.clients))
    best = {label: max(results, key=lambda result: result.requests_per_second) for label, results in rounds.items()}
    static = best["nginx static file, same bytes"].requests_per_second or 1
    return {
        "page": "/sq/",
        "bytes": len(body),
        "encoding": encoding or "identity",
        "connections": options.clients,
        "seconds": options.measure_seconds,
        "rounds": options.rounds,
        "results": {
            label: {
                "requests_per_second": round(result.requests_per_second),
                "median_ms": round(result.median_ms, 2),
                "not_2xx": result.not_2xx,
            }
            for label, result in best.items()
        },
        "micro_cache_x_static": round(best["nginx micro-cache"].requests_per_second / static, 2),
    }


# --- The load's counts ---------------------------------------------------------------------------


def split_failures(result: loadtest.LoadResult, killed: float, victim: Node) -> dict:
    """5xx answers and dropped connections: during the kill (in flight on node B, or asked just after) and the rest."""
    during, outside = collections.Counter(), collections.Counter()
    for failure in result.failures:
        in_kill = failure["started"] <= killed + KILL_GRACE_SECONDS and failure["ended"] >= killed
        (during if in_kill else outside)[f"{failure['method']} {failure['status']}"] += 1
    # nginx names the node that gave (or failed to give) each answer; a failure should come from node B.
    nodes = collections.Counter(
        "node B" if victim.address in failure.get("upstream", "") else failure.get("upstream") or "unknown"
        for failure in result.failures
    )
    return {
        "during_kill": dict(during),
        "outside_kill": dict(outside),
        "outside_total": sum(outside.values()),
        "from": dict(nodes),
    }


def match_posts(result: loadtest.LoadResult, killed: float) -> dict:
    """The posts accepted against the rows stored, one by one (each post's text or address is unique)."""
    from notifications.models import Subscriber
    from participation.models import Comment

    with unscoped():
        rows = {
            "comment": list(Comment.objects.filter(body__startswith="Koment prove nr.").values_list("body", flat=True)),
            "subscription": list(
                Subscriber.objects.filter(email__startswith="qytetari").values_list("email", flat=True)
            ),
        }
    figures = {}
    for kind, label in (("comment", "comment"), ("subscribe", "subscription")):
        posts = [post for post in result.posts if post["kind"] == kind]
        stored = set(rows[label])
        accepted = {post["key"] for post in posts if post["accepted"]}
        # A post that failed while node B was killed (and failed again when sent once more) may have
        # been stored before its answer was lost.
        in_doubt = {
            post["key"]
            for post in posts
            if not post["accepted"]
            and post["status"] in (0, 502, 503, 504)
            and post["ended"] >= killed
            and post["started"] <= killed + KILL_GRACE_SECONDS
        }
        resent = [post for post in posts if post["first_status"] in (0, 502, 503, 504)]
        figures[label] = {
            "sent": len(posts),
            "accepted": len(accepted),
            "stored": len(rows[label]),
            "stored_twice": len(rows[label]) - len(stored),
            "sent_again_after_an_error": len(resent),
            "accepted_when_sent_again": sum(1 for post in resent if post["accepted"]),
            "accepted_not_stored": len(accepted - stored),
            "stored_in_doubt": len(stored & in_doubt),
            "stored_not_accepted": len(stored - accepted - in_doubt),
        }
    return figures


def drain_mail(sink, limit: float) -> dict:
    """Wait until the queue holds no message still to send; then the queue against what the sink received."""
    from django.apps import apps

    try:
        queue = apps.get_model("notifications", "OutgoingMail")
    except LookupError:
        queue = None
    deadline = time.monotonic() + limit
    with unscoped():
        while queue is not None and time.monotonic() < deadline:
            if not queue.objects.filter(sent_at__isnull=True, dropped_at__isnull=True).exists():
                break
            time.sleep(0.5)
        time.sleep(2)  # a message sent twice would arrive now
        queued = queue.objects.count() if queue is not None else None
        sent = queue.objects.filter(sent_at__isnull=False).count() if queue is not None else None
    with sink.lock:
        received = list(sink.received)
    copies = collections.Counter((recipient, subject) for recipient, subject, _id in received)
    return {
        "queued": queued,
        "sent": sent,
        "received": len(received),
        "sent_twice": sum(1 for count in copies.values() if count > 1),
    }
