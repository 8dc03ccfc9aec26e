"""The metric series an incremental refresh keeps (`tenure.metrics.incremental`), and what
each was computed on.

A series — (metric key, grain, split) — is kept as a Parquet file in the workspace folder
(`.tenure-results/`, one file per series, named by a digest of it). Its values rest on
more than the data: on the day they were computed as of (renewals are decided some days
after their term, the default range is capped at that day) and on the conventions and
tenure's version. The manifest records both per file, so that a refresh on a later day,
or after a change of conventions or an upgrade, knows what its kept series are worth.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

import tenure
from tenure.metrics.presets import resolve
from tenure.workspace import Workspace

FOLDER = ".tenure-results"
MANIFEST = "manifest.json"

Series = tuple[str, str, tuple[str, ...]]


@dataclass(frozen=True)
class Record:
    """What a kept series was computed on: the day it is as of, and the digest of the
    conventions and tenure's version (`basis`)."""

    as_of: date
    basis: str


def name(series: Series) -> str:
    """The file a series is kept in."""
    return hashlib.sha256(json.dumps(series).encode()).hexdigest()[:24] + ".parquet"


def folder(ws: Workspace) -> Path:
    """The folder of the kept series."""
    return ws.folder / FOLDER


def exists(ws: Workspace, series: Series) -> bool:
    """Whether the series is kept."""
    return (folder(ws) / name(series)).exists()


def read(ws: Workspace, series: Series) -> pd.DataFrame | None:
    """The kept series, or None."""
    path = folder(ws) / name(series)
    return pd.read_parquet(path) if path.exists() else None


def write(ws: Workspace, series: Series, frame: pd.DataFrame) -> None:
    """Keep `frame` as the series (replacing the file whole, never half-written)."""
    where = folder(ws)
    where.mkdir(exist_ok=True)
    path = where / name(series)
    scratch = path.with_suffix(".tmp")
    frame.to_parquet(scratch, index=False)
    scratch.replace(path)


def basis(ws: Workspace) -> str:
    """The digest of what a series' values rest on besides the data and the day: the
    workspace's conventions (preset and overrides resolved) and tenure's version."""
    text = resolve(ws.settings.metrics).model_dump_json() + "|" + tenure.__version__
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def records(ws: Workspace) -> dict[str, Record]:
    """The record of each kept series, by file name (none for series kept before records
    were: such a series is computed whole again)."""
    path = folder(ws) / MANIFEST
    if not path.exists():
        return {}
    found = {}
    for file, entry in json.loads(path.read_text(encoding="utf-8")).items():
        if isinstance(entry, dict) and {"as_of", "basis"} <= set(entry):
            found[file] = Record(date.fromisoformat(entry["as_of"]), str(entry["basis"]))
    return found


def record(ws: Workspace, series: list[Series], as_of: date) -> None:
    """Record `series` as computed as of `as_of` on the workspace's basis now (the other
    records kept)."""
    where = folder(ws)
    where.mkdir(exist_ok=True)
    now = Record(as_of, basis(ws))
    kept = {**records(ws), **{name(one): now for one in series}}
    text = {file: {"as_of": r.as_of.isoformat(), "basis": r.basis} for file, r in kept.items()}
    scratch = where / (MANIFEST + ".tmp")
    scratch.write_text(json.dumps(text, indent=1, sort_keys=True), encoding="utf-8")
    scratch.replace(where / MANIFEST)
