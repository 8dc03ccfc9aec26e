"""The benchmark companies: generated once with the demo generator and cached, as Parquet
files (benchmarks/data/company-SIZE) and as a loaded workspace (benchmarks/data/ws-SIZE).
"""

from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from tenure.demo import DemoSpec, write_parquet
from tenure.demo.load import import_demo
from tenure.schema import IMPORT_ORDER
from tenure.workspace import Workspace

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SIZES = {"S": 2_000, "M": 20_000, "L": 200_000}
END = date(2026, 10, 31)


def company(size: str) -> Path:
    """The cached Parquet company of this size (generated on first use)."""
    folder = DATA / f"company-{size}"
    if not (folder / "touchpoints.parquet").exists():
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        write_parquet(DemoSpec(accounts=SIZES[size], months=36, seed=7, end=END), folder)
        print(f"generated company {size} in {time.perf_counter() - started:.1f} s", flush=True)
    return folder


def workspace(size: str) -> Path:
    """The cached workspace holding the company of this size (imported on first use)."""
    folder = DATA / f"ws-{size}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        with Workspace.init(folder, name=f"bench-{size}") as ws:
            import_demo(ws, company(size))
        done.touch()
        print(f"imported company {size} in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    with Workspace.open(folder) as ws:
        built = ws.build_rollups()  # a workspace imported before roll-ups existed
    if built:
        print(f"built {', '.join(built)} of {size} in {time.perf_counter() - started:.1f} s")
    return folder


def rows(size: str) -> dict[str, int]:
    """Rows per table of the company."""
    folder = company(size)
    return {t: pq.ParquetFile(folder / f"{t}.parquet").metadata.num_rows for t in IMPORT_ORDER}


def as_csv(folder: Path, table: str) -> Path:
    """The table as CSV beside its Parquet file (written once)."""
    path = folder / f"{table}.csv"
    if not path.exists():
        pacsv.write_csv(pq.read_table(folder / f"{table}.parquet"), path)
    return path
