"""Write the demo company to Parquet: one file per canonical table, one row group per batch.

Batches are written as they are generated, so writing a 200,000-account company needs
only one batch in memory at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import pyarrow.parquet as pq

from tenure.demo.generate import generate
from tenure.demo.spec import DemoSpec
from tenure.schema import TABLES
from tenure.storage.types import arrow_schema

Progress = Callable[[int, int], None]


def write_parquet(spec: DemoSpec, folder: Path, progress: Progress | None = None) -> dict[str, int]:
    """Write `folder/<table>.parquet` for every canonical table; return rows written per table.

    `progress(accounts_done, accounts_total)` is called after each batch.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = dict.fromkeys(TABLES, 0)
    done = 0
    with ExitStack() as stack:
        writers = {
            name: stack.enter_context(
                pq.ParquetWriter(
                    folder / f"{name}.parquet", arrow_schema(table), compression="zstd"
                )
            )
            for name, table in TABLES.items()
        }
        for batch in generate(spec):
            for name, table in batch.items():
                if table.num_rows:
                    writers[name].write_table(table, row_group_size=table.num_rows)
                rows[name] += table.num_rows
            done += batch["accounts"].num_rows
            if progress is not None:
                progress(done, spec.accounts)
    return rows
