"""Two application nodes behind nginx, one of them killed with `kill -9` and restarted under load.

    .venv/bin/python scripts/two_node.py [--duration 60] [--clients 50] [--host localhost] [--json PATH]

It starts on loopback: Debian's nginx with the repository's site file (deploy/nginx/istog-consult.conf)
balancing two gunicorn nodes (the repository's gunicorn.conf.py, production settings), each with its
own folder for MEDIA_ROOT, CACHE_DIR and STATIC_ROOT and its own worker (`manage.py run_worker`); one
PostgreSQL database it creates and drops (127.0.0.1:5432, --database-name); one Redis database
(127.0.0.1:6379, --redis-db, emptied before and after) as CACHE_URL; moto's S3 server as
MEDIA_STORAGE_URL; an SMTP sink in this process as EMAIL_URL. The demo loader fills the database and
publishes the 2025 annual report and a consultation's report.

Then, in order:
1. every published PDF is downloaded from each node and through nginx, its SHA-256 checked;
2. an edit made through the admin on node A is looked for on node B's next request (pages B had cached);
3. unless --skip-measure (or wrk is missing): requests per second and median latency of the home page
   from node A alone, from both nodes through nginx without its micro-cache, through the micro-cache,
   and of the same bytes as a static file served by nginx;
4. --clients clients (scripts/loadtest.py) read and post comments and subscriptions through nginx for
   --duration seconds, while node B is killed with `kill -9` (master and workers) at --kill-at seconds
   and started again --down seconds later; a form whose answer was an error is sent again once, as a
   citizen would, and must then be stored once;
5. the mail queue is left to drain; the posts the clients saw accepted are matched with the rows, one
   by one; the mail queued with the mail the sink received (none twice);
6. steps 1 and 2 again, the edit now made through node B (the restarted one) and seen on node A.

It prints a report and a JSON summary (also written to --json). The 5xx answers and dropped
connections are split into those asked while node B was being killed (in flight on it, or sent to it in
the second after) and the rest, which should be none. A measurement with verdicts, which
tests/test_two_node.py runs briefly; docs/performance.md records a full run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
sys.path[:0] = [str(ROOT), str(SCRIPTS)]

import loadtest  # noqa: E402 - after sys.path
from nginx_microcache import NGINX, nginx, nginx_conf  # noqa: E402
from two_node_checks import (  # noqa: E402
    check_edit,
    check_pdfs,
    drain_mail,
    match_posts,
    measure,
    split_failures,
    unscoped,
)
from two_node_services import Node, answers, free_port, nginx_extra, s3_server, smtp_sink, with_upstream_header  # noqa: E402

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "two-node", "AWS_SECRET_ACCESS_KEY": "two-node", "AWS_DEFAULT_REGION": "us-east-1"}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=float, default=60, help="Seconds of load (default 60).")
    p.add_argument("--clients", type=int, default=50, help="Simultaneous clients (default 50).")
    p.add_argument("--kill-at", type=float, help="Seconds into the load when node B is killed (default a third).")
    p.add_argument("--down", type=float, help="Seconds node B stays down (default a sixth of the load, at most 10).")
    p.add_argument("--host", default="localhost", help="The Host header every request sends (default localhost).")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers per node (default 2).")
    p.add_argument("--threads", type=int, default=4, help="Threads per gunicorn worker (default 4).")
    p.add_argument(
        "--worker-command", default="run_worker", help="The worker's manage.py command (default run_worker)."
    )
    p.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL server (default: DATABASE_URL when it names PostgreSQL, else postgres://postgres@127.0.0.1:5432).",
    )
    p.add_argument(
        "--database-name", default="istog_two_node", help="Database created and dropped (default %(default)s)."
    )
    p.add_argument("--redis-db", type=int, default=12, help="Redis database number, emptied (default 12).")
    p.add_argument("--measure-seconds", type=float, default=5, help="Seconds of wrk per measurement (default 5).")
    p.add_argument("--rounds", type=int, default=2, help="Interleaved measurement rounds, best kept (default 2).")
    p.add_argument("--skip-measure", action="store_true", help="Leave out the wrk measurements.")
    p.add_argument("--port-base", type=int, default=20940, help="Ports are taken from here up (default 20940).")
    p.add_argument("--json", type=Path, help="Also write the JSON summary to this file.")
    return p


# --- Setting up --------------------------------------------------------------------------------


def database_url(options) -> str:
    base = options.database_url or os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        base = "postgres://postgres@127.0.0.1:5432/postgres"
    return f"{base.rpartition('/')[0]}/{options.database_name}"


def environment(options, folder: Path, ports: dict[str, int], endpoint: str, bucket: str) -> dict[str, str]:
    """The production settings of every process: this one, both nodes and their workers."""
    return {
        "DJANGO_SETTINGS_MODULE": "istog_consult.settings",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "0",
        "ALLOWED_HOSTS": f"{options.host},127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LANGUAGE_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SITE_URL": f"http://{options.host}:{ports['nginx']}",
        "DATABASE_URL": database_url(options),
        "CACHE_URL": f"redis://127.0.0.1:6379/{options.redis_db}",
        "MEDIA_STORAGE_URL": f"s3://{bucket}/media?endpoint_url={endpoint}",
        **CREDENTIALS,
        "EMAIL_URL": f"smtp://127.0.0.1:{ports['smtp']}",
        "MAIL_WORKER_INTERVAL": "1",
        # This process's own folders (the nodes get theirs); it only loads the data.
        "MEDIA_ROOT": str(folder / "setup" / "media"),
        "CACHE_DIR": str(folder / "setup" / "cache"),
        "STATIC_ROOT": str(folder / "setup" / "static"),
        "LOG_LEVEL": "WARNING",
        # Behind nginx, as in production: each client's own X-Forwarded-For address counts, and the
        # per-address comment limit is raised so the scenario measures the servers.
        "TRUSTED_PROXY_COUNT": "1",
        "COMMENT_RATE_LIMIT": "100000",
        "GUNICORN_WORKERS": str(options.workers),
        "GUNICORN_THREADS": str(options.threads),
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_GRACEFUL_TIMEOUT": "3",
        "PYTHONPATH": str(ROOT),
    }


def prepare_database(url: str, drop_only: bool = False) -> None:
    import psycopg2

    base, _, name = url.rpartition("/")
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def empty_redis(db: int) -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=db, socket_timeout=5).flushdb()


@contextlib.contextmanager
def phase(name: str):
    """Say on stderr how long a step of the set-up took."""
    started = time.monotonic()
    yield
    print(f"{name}: {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)


def load_data(password: str) -> dict:
    """Migrate, collect static files, load the demo (which publishes its reports), add an officer."""
    import django
    from django.core.management import call_command

    django.setup()
    # Compressing the static files takes as long as migrating: both at once.
    collecting = subprocess.Popen([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT)
    with phase("migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    with unscoped(), phase("demo data, reports published"):
        call_command("load_istog_2025", stdout=io.StringIO())
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_superuser("two-node-officer", "officer@example.org", password)
        data = site_map()
    with phase("collectstatic (alongside)"):
        if collecting.wait() != 0:
            raise RuntimeError("collectstatic failed")
    return data


def site_map() -> dict:
    """The addresses the run uses: pages to read, the open consultation, a hearing to rename, every published PDF."""
    from django.urls import reverse
    from django.utils import timezone, translation

    from consultations.models import Hearing
    from outcomes.models import ConsultationReportFile
    from reports.models import PublishedReportFile

    with translation.override("sq"):
        public = Hearing.objects.published()
        written = public.open_for_comments().first()
        renamed = public.upcoming().exclude(pk=written.pk).first()
        hearings = [hearing.get_absolute_url() for hearing in public.order_by("pk")[:10]]
        year = timezone.localdate().year
        read = [
            "/sq/",
            "/sq/konsultimet/",
            *hearings,
            f"/sq/plani/{year}/",
            "/sq/raportet/",
            "/sq/raportet/2025/",
            "/sq/feeds/rss/",
            "/sq/opendata/",
            "/konsultimet.ics",
            "/opendata/hearings-2025.csv",
        ]

    def offered(municipality, language: str) -> bool:
        # Languages are the municipality's data since the tenancy; a file in another language has no address.
        return municipality.offers(language) if hasattr(municipality, "offers") else True

    pdfs = []
    for item in PublishedReportFile.objects.select_related("report__municipality"):
        with translation.override(item.language):
            path = reverse("reports:annual-report-version-pdf", args=[item.report.year, item.report.version])
        offers = offered(item.report.municipality, item.language)
        pdfs.append({"path": path, "sha256": item.sha256, "language": item.language, "offered": offers})
    for item in ConsultationReportFile.objects.select_related("report__hearing__plan__municipality"):
        with translation.override(item.language):
            path = reverse("outcomes:report-version-pdf", args=[item.report.hearing_id, item.report.version])
        offers = offered(item.report.hearing.plan.municipality, item.language)
        pdfs.append({"path": path, "sha256": item.sha256, "language": item.language, "offered": offers})
    return {
        "read": read,
        "written": written.get_absolute_url() if written else "",
        "renamed": {"pk": renamed.pk, "title": renamed.title_sq},
        "pdfs": pdfs,
    }


# --- The load, the kill, the counts ---------------------------------------------------------------


def load_with_kill(options, data: dict, ports: dict[str, int], victim: Node) -> tuple[loadtest.LoadResult, dict]:
    """The clients through nginx; node B killed with kill -9 at --kill-at and started again --down later."""
    arguments = loadtest.parser().parse_args(
        [
            "--url",
            f"http://127.0.0.1:{ports['nginx']}",
            "--clients",
            str(options.clients),
            "--duration",
            str(options.duration),
            "--hearing",
            data["written"],
            "--host",
            options.host,
            "--resend-failed",
        ]
    )
    arguments.read = data["read"]
    arguments.pdf = [pdf["path"] for pdf in data["pdfs"]]
    results: list[loadtest.LoadResult] = []
    thread = threading.Thread(target=lambda: results.append(loadtest.run(arguments)))
    began = time.monotonic()
    thread.start()
    time.sleep(max(0.0, began + options.kill_at - time.monotonic()))
    killed = time.monotonic()
    victim.kill()
    time.sleep(options.down)
    restarting = time.monotonic()
    boot = victim.start()
    thread.join()
    timeline = {
        "killed_at": round(killed - began, 2),
        "restart_at": round(restarting - began, 2),
        "answering_at": round(restarting + boot - began, 2),
        "boot_seconds": round(boot, 2),
        "killed": killed,
    }
    return results[0], timeline


# --- The run ----------------------------------------------------------------------------------


def verdicts(summary: dict) -> dict[str, bool]:
    posts, mail = summary["posts"], summary["mail"]
    result = {
        "no_5xx_outside_the_kill": summary["failures"]["outside_total"] == 0,
        "every_accepted_post_stored_once_and_no_other": all(
            figures["accepted_not_stored"] == figures["stored_not_accepted"] == figures["stored_twice"] == 0
            for figures in posts.values()
        ),
        "mail_queued_equals_sent_none_twice": mail["sent_twice"] == 0
        and (mail["queued"] is None or mail["queued"] == mail["sent"] == mail["received"]),
        "every_pdf_verified_on_both_nodes": all(not check["failures"] for check in summary["pdfs"].values()),
        "edit_visible_on_the_other_node": all(check.get("visible") for check in summary["edits"].values()),
        "no_error_logged_by_the_nodes_or_workers": not any(summary["logged_errors"].values()),
    }
    if summary.get("throughput"):
        result["micro_cache_at_least_half_of_static"] = summary["throughput"]["micro_cache_x_static"] >= 0.5
    return result


def report(summary: dict) -> str:
    load, posts, mail = summary["load"], summary["posts"], summary["mail"]
    lines = [
        f"Load: {summary['clients']} clients for {summary['duration']:g} s through nginx; node B killed "
        f"(kill -9) at {summary['timeline']['killed_at']} s, started again at {summary['timeline']['restart_at']} s, "
        f"answering at {summary['timeline']['answering_at']} s",
        f"requests: {load['requests']} ({load['requests_per_second']}/s); statuses: {load['statuses']}",
        f"page reads: median {load['read_median_ms']} ms, p95 {load['read_p95_ms']} ms; "
        f"posts: median {load['post_median_ms']} ms",
        f"failures during the kill: {summary['failures']['during_kill'] or 'none'}; "
        f"outside it: {summary['failures']['outside_kill'] or 'none'}; "
        f"failed on: {summary['failures']['from'] or '-'}",
    ]
    for kind, figures in posts.items():
        lines.append(
            f"{kind}s: {figures['sent']} sent, {figures['accepted']} accepted, {figures['stored']} stored "
            f"({figures['stored_twice']} twice); {figures['sent_again_after_an_error']} sent again after an error "
            f"answer, {figures['accepted_when_sent_again']} of them accepted then; {figures['accepted_not_stored']} "
            f"accepted but missing, {figures['stored_in_doubt']} stored whose every answer was lost in the kill, "
            f"{figures['stored_not_accepted']} stored otherwise unaccounted for"
        )
    lines.append(
        f"mail: {mail['queued']} queued, {mail['sent']} sent, {mail['received']} received by the SMTP sink, "
        f"{mail['sent_twice']} received twice"
    )
    for label, check in summary["pdfs"].items():
        lines.append(
            f"published PDFs {label}: {check['verified']} of {check['downloads']} downloads verified; "
            f"published in a language the municipality does not offer: "
            f"{sorted({item['path'] + ' ' + str(item['status']) for item in check['not_offered']}) or 'none'}"
        )
    for label, check in summary["edits"].items():
        lines.append(f"edit {label}: {'visible' if check.get('visible') else 'NOT visible'} {check}")
    if summary.get("throughput"):
        figures = summary["throughput"]
        lines.append(
            f"home page ({figures['bytes']:,} bytes, {figures['encoding']}), wrk {figures['seconds']:g} s x "
            f"{figures['rounds']}, {figures['connections']} connections, best round:"
        )
        for label, result in figures["results"].items():
            lines.append(f"  {label:<42} {result['requests_per_second']:>8,} req/s  median {result['median_ms']:>7} ms")
        lines.append(f"  micro-cache / static file: {figures['micro_cache_x_static']}")
    for source, errors in summary["logged_errors"].items():
        lines.append(f"errors in {source}: {len(errors) or 'none'}" + "".join(f"\n  {line}" for line in errors[:5]))
    lines.append(
        "verdicts: " + ", ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in summary["verdicts"].items())
    )
    return "\n".join(lines)


def load_figures(result: loadtest.LoadResult, duration: float) -> dict:
    def ms(values: list[float], quantile: float) -> float:
        if len(values) < 2:
            return 0.0
        if quantile == 0.5:
            return round(statistics.median(values) * 1000, 1)
        return round(statistics.quantiles(values, n=100)[int(quantile * 100) - 1] * 1000, 1)

    requests = sum(result.statuses.values())
    return {
        "requests": requests,
        "requests_per_second": round(requests / duration),
        "statuses": dict(sorted(result.statuses.items())),
        "read_median_ms": ms(result.read_latencies, 0.5),
        "read_p95_ms": ms(result.read_latencies, 0.95),
        "post_median_ms": ms(result.post_latencies, 0.5),
    }


def run(options) -> dict:
    taken: set[int] = set()
    names = ("nginx", "balancer", "static", "node_a", "node_b", "s3", "smtp")
    ports = {name: free_port(options.port_base, taken) for name in names}
    password = secrets.token_urlsafe(16)
    bucket = f"istog-two-node-{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory(prefix="istog-two-node-") as name, contextlib.ExitStack() as stack:
        folder = Path(name)
        endpoint = stack.enter_context(s3_server(ports["s3"], folder / "s3.log"))
        sink = stack.enter_context(smtp_sink(ports["smtp"]))
        env = environment(options, folder, ports, endpoint, bucket)
        os.environ.update(env)
        import boto3

        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
        empty_redis(options.redis_db)
        stack.callback(empty_redis, options.redis_db)
        prepare_database(env["DATABASE_URL"])
        stack.callback(prepare_database, env["DATABASE_URL"], True)
        data = load_data(password)
        from django.db import connections

        connections.close_all()
        nodes = []
        for label, key in (("A", "node_a"), ("B", "node_b")):
            node_folder = folder / f"node-{label.lower()}"
            node_folder.mkdir()
            shutil.copytree(folder / "setup" / "static", node_folder / "static")
            nodes.append(Node(label, ports[key], node_folder, env, options.host, [options.worker_command]))
            stack.callback(nodes[-1].stop)
        with phase("both nodes started"):
            for node in nodes:
                node.spawn()
            for node in nodes:
                node.wait_until_healthy()
                node.start_worker()
        static_folder = folder / "static-copy"
        static_folder.mkdir()
        conf = nginx_conf(
            folder,
            ports["nginx"],
            [node.address for node in nodes],
            workers="auto",
            extra=nginx_extra(ports["balancer"], ports["static"], static_folder, "gzip"),
        )
        stack.enter_context(nginx(folder, with_upstream_header(conf), ports["nginx"]))
        front = f"127.0.0.1:{ports['nginx']}"
        addresses = {"node A": nodes[0].address, "node B": nodes[1].address, "nginx": front}

        summary: dict = {"clients": options.clients, "duration": options.duration, "host": options.host}
        with phase("checks before the load"):
            summary["pdfs"] = {"before the load": check_pdfs(data, addresses, options.host)}
            summary["edits"] = {"A to B": check_edit(data, nodes[0], nodes[1], options.host, password, "[edit-A]")}
        if not options.skip_measure and shutil.which("wrk"):
            with phase("measurements"):
                summary["throughput"] = measure(options, ports, nodes[0], static_folder)
        with phase("load"):
            result, timeline = load_with_kill(options, data, ports, nodes[1])
        summary["timeline"] = {key: value for key, value in timeline.items() if key != "killed"}
        summary["load"] = load_figures(result, options.duration)
        summary["failures"] = split_failures(result, timeline["killed"], nodes[1])
        with phase("mail queue drained"):
            summary["mail"] = drain_mail(sink, limit=max(30.0, options.duration))
        summary["posts"] = match_posts(result, timeline["killed"])
        summary["pdfs"]["after the restart"] = check_pdfs(data, addresses, options.host)
        summary["edits"]["B (restarted) to A"] = check_edit(
            data, nodes[1], nodes[0], options.host, password, "[edit-B]"
        )
        summary["logged_errors"] = {
            f"node {node.name} {log}": lines[:20] for node in nodes for log, lines in node.logged_errors().items()
        }
        summary["verdicts"] = verdicts(summary)
        connections.close_all()
        return summary


def main() -> None:
    options = parser().parse_args()
    if options.kill_at is None:
        options.kill_at = options.duration / 3
    if options.down is None:
        options.down = min(10.0, options.duration / 6)
    if not Path(NGINX).exists():
        raise SystemExit("Debian's nginx is needed: scripts/install-system-packages.sh benchmark")
    for service, port in (("PostgreSQL", 5432), ("Redis", 6379)):
        if not answers(port):
            raise SystemExit(f"{service} must listen on 127.0.0.1:{port}")
    summary = run(options)
    print(report(summary))
    text = json.dumps(summary, indent=2, ensure_ascii=False)
    print(text)
    if options.json:
        options.json.write_text(text)


if __name__ == "__main__":
    main()
