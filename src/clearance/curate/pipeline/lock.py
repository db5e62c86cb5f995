"""One run at a time per run directory: two runs resuming the same output would write the same
shard files and delete each other's temporary files.

The lock is an ``flock`` on ``OUT/.lock``: the kernel drops it when its holder dies, even by
SIGKILL, so a killed run never leaves a stale lock behind. Where ``fcntl`` is missing (Windows)
runs are not locked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".lock"


class RunInUse(RuntimeError):
    """Another live process holds the run directory."""

    def __init__(self, root: Path, holder: str) -> None:
        self.root = root
        self.holder = holder
        super().__init__(f"{root} is in use by another clearance curate run (pid {holder or 'unknown'})")


@contextmanager
def run_lock(root: Path) -> Iterator[None]:
    """Hold the run directory ``root`` (created if missing) for the block; RunInUse if another process does."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunInUse(root, os.pread(fd, 32, 0).decode(errors="replace").strip()) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
