"""`make test`'s parts (tests/partition.py): every test runs in exactly one part, and the parts take about as long."""

import subprocess
import sys

import pytest
from django.conf import settings

from tests.partition import DURATIONS, assign, database, parse_part, read_durations


def collected(*arguments: str) -> set[str]:
    finished = subprocess.run(  # noqa: S603 (our own interpreter running pytest)
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *arguments],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return {line for line in finished.stdout.splitlines() if "::" in line}


def test_the_two_parts_hold_every_test_once():
    whole = collected("tests/compliance")  # a few files: collecting the whole suite three times takes a minute
    first, second = collected("tests/compliance", "--part=1/2"), collected("tests/compliance", "--part=2/2")
    assert first and second
    assert not first & second
    assert first | second == whole


def test_each_file_goes_whole_to_the_part_with_the_least_time_so_far():
    seconds = {"a.py": 10.0, "b.py": 6.0, "c.py": 5.0, "d.py": 1.0}
    assert assign(sorted(seconds), 2, seconds) == {"a.py": 1, "b.py": 2, "c.py": 2, "d.py": 1}
    # A file with no figure counts as the median file.
    assert assign(["a.py", "new.py"], 2, {"a.py": 3.0}) == {"a.py": 1, "new.py": 2}


def test_the_recorded_files_split_into_parts_of_about_the_same_time():
    seconds = read_durations(DURATIONS)[database()]
    parts = assign(sorted(seconds), 2, seconds)
    totals = [sum(value for name, value in seconds.items() if parts[name] == part) for part in (1, 2)]
    assert abs(totals[0] - totals[1]) <= max(seconds.values())


@pytest.mark.parametrize("wrong", ["0/2", "3/2", "half", "1/"])
def test_a_wrong_part_is_refused(wrong):
    with pytest.raises(pytest.UsageError):
        parse_part(wrong)
