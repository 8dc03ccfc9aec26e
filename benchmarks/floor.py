"""The physical floor of the metric suite: DuckDB reading, once, every column of every
table the suite uses, from the workspace's own database file (a hash of each value is
summed so no column can be skipped). No metric can be computed faster than its data is read.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
from suite import tables_used


def floor_seconds(workspace: Path) -> float:
    """Seconds to read every column the suite needs once."""
    con = duckdb.connect(str(workspace / "tenure.duckdb"), read_only=True)
    try:
        started = time.perf_counter()
        for table in tables_used():
            columns = [row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()]
            reads = ", ".join(f'sum(hash("{column}"))' for column in columns)
            con.execute(f'SELECT count(*), {reads} FROM "{table}"').fetchall()
        return time.perf_counter() - started
    finally:
        con.close()
