"""Import throughput, per table and in all, for Parquet and CSV, against the physical floor:
DuckDB loading the same file into a table with no validation at all
(`CREATE TABLE … AS SELECT * FROM read_parquet/read_csv`). Each run imports every table
into a fresh workspace (a fresh database file for the floor); figures are medians.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import duckdb
from companies import as_csv, company, rows

from tenure.schema import IMPORT_ORDER
from tenure.workspace import Workspace

Timings = dict[str, float]


def _source(folder: Path, table: str, suffix: str) -> Path:
    return folder / f"{table}.parquet" if suffix == "parquet" else as_csv(folder, table)


def tenure_once(folder: Path, suffix: str) -> Timings:
    """Seconds per table to import the company into a new workspace."""
    seconds: Timings = {}
    with tempfile.TemporaryDirectory() as scratch, Workspace.init(Path(scratch)) as ws:
        for table in IMPORT_ORDER:
            started = time.perf_counter()
            report = ws.import_file(table, _source(folder, table, suffix))
            seconds[table] = time.perf_counter() - started
            assert report.quarantined == 0, report.first_refusals
    return seconds


def floor_once(folder: Path, suffix: str) -> Timings:
    """Seconds per table for DuckDB to load the same files with no checks."""
    seconds: Timings = {}
    reader = "read_parquet" if suffix == "parquet" else "read_csv"
    with tempfile.TemporaryDirectory() as scratch:
        con = duckdb.connect(str(Path(scratch) / "floor.duckdb"))
        for table in IMPORT_ORDER:
            path = _source(folder, table, suffix)
            started = time.perf_counter()
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM {reader}('{path}')")
            seconds[table] = time.perf_counter() - started
        con.close()
    return seconds


def _median(runs: list[Timings]) -> Timings:
    return {table: statistics.median(run[table] for run in runs) for table in runs[0]}


def measure(size: str, runs: int) -> dict[str, object]:
    """Per format: per-table seconds and rows/s of tenure and the floor, and the totals."""
    folder = company(size)
    counts = rows(size)
    total = sum(counts.values())
    result: dict[str, object] = {"rows": counts}
    for suffix in ("parquet", "csv"):
        ours = _median([tenure_once(folder, suffix) for _ in range(runs)])
        floor = _median([floor_once(folder, suffix) for _ in range(runs)])
        result[suffix] = {
            "tenure_s": ours,
            "floor_s": floor,
            "rows_per_s": {t: counts[t] / ours[t] for t in ours if ours[t] > 0},
            "total_s": sum(ours.values()),
            "total_rows_per_s": total / sum(ours.values()),
            "floor_ratio": sum(ours.values()) / sum(floor.values()),
        }
    return result
