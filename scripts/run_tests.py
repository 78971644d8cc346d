"""The whole suite in parts side by side: `make test` (TEST_PARTS=2 by default, one per core here).

Runs `python -m pytest --part K/N` for K = 1..N at once (tests/partition.py splits the test files,
balanced by tests/durations.json), prints each part's lines as they come, prefixed with [K/N], and
exits with the first part's failing status (pytest's "no tests ran" included), 0 when every part
passed. Arguments after the options go to every part's pytest.

    .venv/bin/python scripts/run_tests.py --parts 2 [-- pytest arguments]
    .venv/bin/python scripts/run_tests.py --parts 2 --store-durations   # refresh tests/durations.json

TEST_PARTS=1 runs the suite in one process, as `python -m pytest` does.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", type=int, default=int(os.environ.get("TEST_PARTS") or 2), help="How many parts.")
    parser.add_argument(
        "--store-durations", action="store_true", help="Each part adds its files' seconds to tests/durations.json."
    )
    parser.add_argument("pytest_args", nargs="*", help="Passed to every part's pytest (after --).")
    options = parser.parse_args()
    if options.parts < 1:
        parser.error("--parts needs at least 1")
    return options


def relay(number: int, count: int, stream) -> None:
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"[{number}/{count}] {line}")
        sys.stdout.flush()


def main() -> int:
    options = arguments()
    count = options.parts
    started = time.monotonic()
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    processes = []
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    for number in range(1, count + 1):
        command = [sys.executable, "-m", "pytest", *options.pytest_args]
        if count > 1:
            command.append(f"--part={number}/{count}")
        if options.store_durations:
            (ROOT / "test-artifacts" / f"durations-{number}.json").unlink(missing_ok=True)
            command.append(f"--store-durations={ROOT / 'test-artifacts' / f'durations-{number}.json'}")
        # One part writes to the terminal itself; several are relayed line by line with their number.
        relayed = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True, "errors": "replace"}
        process = subprocess.Popen(command, cwd=ROOT, env=environment, **(relayed if count > 1 else {}))  # noqa: S603
        thread = None
        if count > 1:
            thread = threading.Thread(target=relay, args=(number, count, process.stdout), daemon=True)
            thread.start()
        processes.append((number, process, thread))
    statuses = {}
    try:
        for number, process, thread in processes:
            statuses[number] = process.wait()
            if thread is not None:
                thread.join()
    except KeyboardInterrupt:
        for _, process, _ in processes:
            process.terminate()
        raise
    if options.store_durations:
        merge_durations(count)
    minutes = (time.monotonic() - started) / 60
    print(f"{count} part(s) in {minutes:.1f} min: " + ", ".join(f"part {k} exit {v}" for k, v in statuses.items()))
    return next((status for status in statuses.values() if status != 0), 0)


def merge_durations(count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.partition import DURATIONS, read_durations, store_durations

    for number in range(1, count + 1):
        for kind, seconds in read_durations(ROOT / "test-artifacts" / f"durations-{number}.json").items():
            store_durations(DURATIONS, kind, seconds)


if __name__ == "__main__":
    sys.exit(main())
