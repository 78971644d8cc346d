"""Real faults for the robustness tests: a disk that is full and a folder that is read-only.

Both are real file systems (a small tmpfs mounted for the test), so the portal meets the very
errors the kernel gives (ENOSPC, EROFS), not an imitation. Mounting needs root, which the CI and
the development machines have; elsewhere a read-only folder is a folder without write permission,
and the full-disk tests are skipped.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest


def _mount_tmpfs(where: Path, options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    completed = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],  # noqa: S607
        capture_output=True,
        check=False,
    )
    return completed.returncode == 0


def _unmount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)  # noqa: S603, S607


def _fill(disk: Path) -> None:
    """Write until the file system says it is full."""
    with contextlib.suppress(OSError), (disk / "filler").open("wb") as handle:
        while True:
            handle.write(bytes(4096))
            handle.flush()


@pytest.fixture
def full_folder(tmp_path) -> Path:
    """An empty folder on a file system with no free space left: creating a file works, writing to it fails."""
    disk = tmp_path / "full-disk"
    if not _mount_tmpfs(disk, "size=256k,mode=0755"):
        pytest.skip("a full file system needs a tmpfs mount (root)")
    try:
        folder = disk / "media"
        folder.mkdir()
        _fill(disk)
        with pytest.raises(OSError), (folder / "probe").open("wb") as probe:
            probe.write(bytes(4096))
            probe.flush()
            os.fsync(probe.fileno())
        (folder / "probe").unlink()
        yield folder
    finally:
        _unmount(disk)


@pytest.fixture
def read_only_folder(tmp_path) -> Path:
    """An empty folder that cannot be written to: a read-only file system (root) or no write permission."""
    disk = tmp_path / "read-only-disk"
    if _mount_tmpfs(disk, "size=256k,mode=0755"):
        (disk / "media").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True)  # noqa: S603, S607
        try:
            yield disk / "media"
        finally:
            _unmount(disk)
        return
    folder = disk / "media"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        yield folder
    finally:
        folder.chmod(0o700)
