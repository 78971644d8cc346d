"""Loaded by pytest (addopts -p): the suite in parts that run side by side (`make test`, scripts/run_tests.py).

`--part K/N` keeps the test files of part K of N. Each file goes whole to one part, so a part runs its
files in pytest's own order, as the whole suite does serially: pytest-django's tests that flush the
database still come after the tests that need the migrations' rows, a package's fixtures (the browser
suite's live server) are built once per part, and a file's Redis database is used by one process. The
parts are balanced by how long each file took (tests/durations.json, per kind of database, kept up to date
with `--store-durations`); a file missing there counts as the median file.

Each part has its own test database (tests/conftest.py adds `_partK` to its name on PostgreSQL).
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from pathlib import Path

import pytest

DURATIONS = Path(__file__).with_name("durations.json")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("istog-consult parts")
    group.addoption("--part", default=None, metavar="K/N", help="Run part K of N of the test files (1 ≤ K ≤ N).")
    group.addoption(
        "--store-durations",
        default=None,
        metavar="FILE",
        help="Write how many seconds each test file took (merged into FILE's earlier figures).",
    )


def parse_part(value: str | None) -> tuple[int, int] | None:
    """'2/3' → (2, 3); None when the whole suite runs."""
    if not value:
        return None
    try:
        number, count = (int(piece) for piece in value.split("/"))
    except ValueError:
        raise pytest.UsageError(f"--part takes K/N, such as 1/2; got {value!r}") from None
    if not 1 <= number <= count:
        raise pytest.UsageError(f"--part K/N needs 1 ≤ K ≤ N; got {value!r}")
    return number, count


def file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def assign(files: list[str], count: int, durations: dict[str, float]) -> dict[str, int]:
    """Each file's part (1..count): the longest file first to the part with the least time so far."""
    known = [durations[name] for name in files if name in durations]
    default = statistics.median(known) if known else 1.0
    totals = [0.0] * count
    parts = {}
    for name in sorted(files, key=lambda name: (-durations.get(name, default), name)):
        part = min(range(count), key=lambda index: (totals[index], index))
        totals[part] += durations.get(name, default)
        parts[name] = part + 1
    return parts


def database() -> str:
    """The kind of database the run uses ("sqlite", "postgresql"): the files' seconds differ (some tests run
    on PostgreSQL alone)."""
    from django.db import connection

    return connection.vendor


def read_durations(path: Path = DURATIONS) -> dict[str, dict[str, float]]:
    """{database: {test file: seconds}}."""
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return {}


def store_durations(path: Path, kind: str, seconds: dict[str, float]) -> None:
    """Add the files' seconds on this kind of database to the figures in `path`."""
    figures = read_durations(path)
    figures.setdefault(kind, {}).update({name: round(value, 1) for name, value in seconds.items()})
    ordered = {key: dict(sorted(value.items())) for key, value in sorted(figures.items())}
    path.write_text(json.dumps(ordered, indent=1) + "\n")


def pytest_configure(config: pytest.Config) -> None:
    parse_part(config.getoption("part"))  # a wrong value stops the run before collection


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    part = parse_part(config.getoption("part"))
    if part is None:
        return
    number, count = part
    files = sorted({file_of(item.nodeid) for item in items})
    parts = assign(files, count, read_durations().get(database(), {}))
    kept, left = [], []
    for item in items:
        (kept if parts[file_of(item.nodeid)] == number else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
    items[:] = kept


_seconds_of_files: defaultdict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _seconds_of_files[file_of(report.nodeid)] += report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = session.config.getoption("store_durations")
    if not target or not _seconds_of_files:
        return
    store_durations(Path(target), database(), _seconds_of_files)
