"""write_parquet writes the same company as generate(), in bounded memory."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tenure.demo import DemoSpec, generate, write_parquet
from tenure.demo.generate import BATCH_ACCOUNTS
from tenure.schema import TABLES
from tenure.storage.types import arrow_schema

SPEC = DemoSpec(accounts=BATCH_ACCOUNTS + 300, months=12, seed=5, end=date(2025, 12, 31))


def test_written_files_equal_the_generated_tables(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    rows = write_parquet(SPEC, tmp_path, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(BATCH_ACCOUNTS, SPEC.accounts), (SPEC.accounts, SPEC.accounts)]
    batches = list(generate(SPEC))
    for name in TABLES:
        expected = pa.concat_tables([batch[name] for batch in batches])
        written = pq.read_table(tmp_path / f"{name}.parquet")
        assert written.schema.equals(arrow_schema(TABLES[name])), name
        assert written.equals(expected), name
        assert rows[name] == expected.num_rows
        groups = pq.ParquetFile(tmp_path / f"{name}.parquet").metadata.num_row_groups
        assert groups == sum(1 for batch in batches if batch[name].num_rows), name


def test_empty_company_still_writes_every_file(tmp_path: Path) -> None:
    rows = write_parquet(DemoSpec(accounts=0, months=2, end=date(2025, 6, 30)), tmp_path / "x")
    assert rows["accounts"] == 0 and rows["csms"] > 0
    for name in TABLES:
        assert pq.read_table(tmp_path / "x" / f"{name}.parquet").num_rows == rows[name]


_MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    from datetime import date
    from pathlib import Path
    from tenure.demo import DemoSpec, write_parquet

    started = time.perf_counter()
    spec = DemoSpec(accounts=int(sys.argv[1]), months=36, seed=7, end=date(2026, 10, 31))
    rows = write_parquet(spec, Path(sys.argv[2]))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"rows": rows, "peak": peak, "seconds": time.perf_counter() - started}))
    """
)


@pytest.mark.slow
def test_writing_20k_accounts_stays_in_bounded_memory(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, "20000", str(tmp_path)],
        check=True,
        capture_output=True,
        text=True,
    )
    measured = json.loads(result.stdout)
    events = measured["rows"]["events"]
    assert 8_000_000 <= events <= 14_000_000
    # Memory is bounded by one batch: it must not grow with the number of accounts.
    assert measured["peak"] < 2.5 * 2**30, measured["peak"]
