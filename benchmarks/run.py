"""`make bench`: import throughput of tenure against the physical floor, side by side.

The floor is DuckDB loading the same file into a table with no validation at all
(`CREATE TABLE … AS SELECT * FROM read_parquet/read_csv`). Each figure is the median of
several runs, each into a fresh workspace. Companies are generated once with the demo
generator and cached under benchmarks/data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from tenure.demo import DemoSpec, write_parquet
from tenure.schema import IMPORT_ORDER
from tenure.workspace import Workspace

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"
SIZES = {"S": 2_000, "M": 20_000, "L": 200_000}
LOAD_ORDER = IMPORT_ORDER
END = date(2026, 10, 31)


def company(size: str) -> Path:
    """The cached Parquet company of this size (generated on first use)."""
    folder = DATA / f"company-{size}"
    if not (folder / "touchpoints.parquet").exists():
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        write_parquet(DemoSpec(accounts=SIZES[size], months=36, seed=7, end=END), folder)
        print(f"generated company {size} in {time.perf_counter() - started:.1f} s")
    return folder


def as_csv(folder: Path, table: str) -> Path:
    """The table as CSV beside its Parquet file (written once)."""
    path = folder / f"{table}.csv"
    if not path.exists():
        pacsv.write_csv(pq.read_table(folder / f"{table}.parquet"), path)
    return path


def median_seconds(action: Callable[[], None], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def tenure_import(folder: Path, suffix: str) -> Callable[[], None]:
    """Import every table of the company into a fresh workspace."""

    def run() -> None:
        with tempfile.TemporaryDirectory() as scratch, Workspace.init(Path(scratch)) as ws:
            for table in LOAD_ORDER:
                path = folder / f"{table}.parquet" if suffix == "parquet" else as_csv(folder, table)
                report = ws.import_file(table, path)
                assert report.quarantined == 0, report.first_refusals

    return run


def floor_load(folder: Path, suffix: str) -> Callable[[], None]:
    """DuckDB loading the same files with no checks: the physical floor."""

    def run() -> None:
        with tempfile.TemporaryDirectory() as scratch:
            con = duckdb.connect(str(Path(scratch) / "floor.duckdb"))
            for table in LOAD_ORDER:
                path = folder / f"{table}.{suffix}"
                reader = "read_parquet" if suffix == "parquet" else "read_csv"
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM {reader}('{path}')")
            con.close()

    return run


def measure(size: str, runs: int) -> dict[str, float]:
    folder = company(size)
    for table in LOAD_ORDER:
        as_csv(folder, table)
    rows = sum(pq.ParquetFile(folder / f"{t}.parquet").metadata.num_rows for t in LOAD_ORDER)
    figures: dict[str, float] = {"rows": rows}
    for suffix in ("parquet", "csv"):
        ours = median_seconds(tenure_import(folder, suffix), runs)
        floor = median_seconds(floor_load(folder, suffix), runs)
        figures[f"{suffix}_import_s"] = ours
        figures[f"{suffix}_floor_s"] = floor
        figures[f"{suffix}_import_rows_per_s"] = rows / ours
        figures[f"{suffix}_floor_ratio"] = ours / floor
    return figures


def markdown(size: str, figures: dict[str, float]) -> str:
    lines = [
        f"# Benchmark results — company {size} ({int(figures['rows']):,} rows, all tables)",
        "",
        f"Machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}. Median of the runs; fresh workspace each run.",
        "",
        "| import | tenure (s) | rows/s | floor: DuckDB load, no checks (s) | ratio |",
        "|---|---|---|---|---|",
    ]
    for suffix in ("parquet", "csv"):
        lines.append(
            f"| {suffix} | {figures[f'{suffix}_import_s']:.2f} "
            f"| {figures[f'{suffix}_import_rows_per_s']:,.0f} "
            f"| {figures[f'{suffix}_floor_s']:.2f} | {figures[f'{suffix}_floor_ratio']:.1f}× |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    figures = measure(args.size, args.runs)
    RESULTS.mkdir(exist_ok=True)
    text = markdown(args.size, figures)
    print(text)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    payload = {"size": args.size, **figures}
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
