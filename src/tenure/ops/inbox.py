"""The refresh inbox: which files wait there, which table (and vendor source) each feeds.

A file named `<table>*.csv|parquet|json|jsonl` feeds that canonical table; one named
`<source>--<table>*` is a vendor export converted by that source first. Other files are
left alone and reported.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from tenure.schema import IMPORT_ORDER, TABLES

SUFFIXES = (".csv", ".parquet", ".json", ".jsonl")
#: Tables are imported in this order, so accounts exist before the rows that cite them.
DONE = "done"
FAILED = "failed"


@dataclass(frozen=True)
class InboxFile:
    """A file waiting in the inbox and where it goes."""

    path: Path
    table: str
    source: str | None = None


def _table_of(stem: str) -> str | None:
    """The canonical table a name starts with (`subscriptions_2026-11` → subscriptions)."""
    for table in sorted(TABLES, key=len, reverse=True):
        if re.match(rf"{table}(?![a-z])", stem.lower()):
            return table
    return None


def classify(path: Path) -> InboxFile | None:
    """Where `path` goes, or None when its name names no table."""
    if path.suffix.lower() not in SUFFIXES:
        return None
    source, sep, rest = path.stem.partition("--")
    if sep:
        table = _table_of(rest)
        return InboxFile(path, table, source.lower()) if table and source else None
    table = _table_of(path.stem)
    return InboxFile(path, table) if table else None


def pending(inbox: Path) -> tuple[list[InboxFile], list[Path]]:
    """The files to import in import order, and the files whose names name no table."""
    if not inbox.is_dir():
        return [], []
    found: list[InboxFile] = []
    ignored: list[Path] = []
    for path in sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith(".")):
        item = classify(path)
        if item is None:
            ignored.append(path)
        else:
            found.append(item)
    found.sort(key=lambda item: (_rank(item.table), item.path.name))
    return found, ignored


def sha256(path: Path) -> str:
    """The content hash that makes a file be imported once, whatever its name."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_away(path: Path, folder_name: str, run_id: str) -> Path:
    """Move a handled file to `<inbox>/<folder_name>/` (never overwriting an earlier one)."""
    folder = path.parent / folder_name
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    if target.exists():
        target = folder / f"{run_id}--{path.name}"
    return path.rename(target)


def _rank(table: str) -> int:
    return IMPORT_ORDER.index(table) if table in IMPORT_ORDER else len(IMPORT_ORDER)
