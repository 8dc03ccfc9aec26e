"""The refresh lock: one `tenure refresh` at a time per workspace, safe to start from cron.

An exclusive `flock` on a file in the workspace folder. The operating system releases it
when the holder exits, even by a crash, so a stale lock never blocks later runs. The file
tells who holds it (process id and start time) for the message a second run prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from tenure.errors import TenureError

LOCK_FILE = ".tenure-refresh.lock"
POLL_SECONDS = 0.1


class RefreshBusy(TenureError):
    """Another refresh holds the workspace for longer than this run may wait."""


def lock_path(folder: Path) -> Path:
    return folder / LOCK_FILE


def _try_lock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def holder(folder: Path) -> str:
    """Who holds the lock, as text for a message ("pid 12, since 2026-11-01T02:00:00")."""
    try:
        info = json.loads(lock_path(folder).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return "unknown process"
    return f"pid {info.get('pid', '?')}, since {info.get('since', '?')}"


def _acquire(handle: IO[str], folder: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while not _try_lock(handle):
        if time.monotonic() >= deadline:
            raise RefreshBusy(
                f"another tenure refresh is running in {folder} ({holder(folder)}); "
                f"waited {wait:g} s, nothing was done"
            )
        time.sleep(POLL_SECONDS)


@contextmanager
def refresh_lock(folder: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the workspace's refresh lock, waiting at most `wait` seconds for it."""
    handle = lock_path(folder).open("a+", encoding="utf-8")
    try:
        _acquire(handle, folder, wait)
        since = datetime.now(UTC).isoformat(timespec="seconds")
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "since": since}))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()
