"""File stamps: (size, modification time in ns) of files whose change must invalidate what
the server keeps — the DuckDB file and its log, the settings, the saved model, the auth
database. Reading a file changes neither; every committed write changes one of them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

Stamp = tuple[int, int] | None


def file_stamps(paths: Iterable[Path]) -> tuple[Stamp, ...]:
    """The stamp of each file; None for a missing one."""
    return tuple(_stamp(path) for path in paths)


def _stamp(path: Path) -> Stamp:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_size, stat.st_mtime_ns)
