"""Stage a Parquet file with the workspace's own DuckDB: one statement reads, validates
and stores every row, in parallel, with no Arrow round trip through Python.

This is a faster form of the chunked path in `pipeline.py` (read with pyarrow, validate
on the in-process engine, insert into staging), used only where it is known to give the
same staging table and the same refused rows: a DuckDB workspace, a local Parquet file
whose columns all have plain types that DuckDB reads exactly as it scans them from Arrow.
Anything else (or any error here) takes the chunked path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from tenure.ingest.checks import literal, quote
from tenure.ingest.columns import RESERVED_PREFIX
from tenure.ingest.readers import SourceFile
from tenure.ingest.validate import ERRORS, LINE, ROW, Validator, quarantine_records
from tenure.storage.store import Store

#: Arrow types DuckDB's Parquet reader gives the same DuckDB type as a scan of the Arrow
#: data would (so the validation SQL sees the same values and prints them the same way).
_PLAIN_TYPES: tuple[pa.DataType, ...] = (
    pa.string(),
    pa.int8(),
    pa.int16(),
    pa.int32(),
    pa.int64(),
    pa.float32(),
    pa.float64(),
    pa.bool_(),
    pa.date32(),
    pa.timestamp("us"),
)
#: Characters DuckDB reads as a glob pattern in a file name.
_GLOB = frozenset("*?[]{}")
#: The row number column DuckDB's Parquet reader adds on request.
_ROW_NUMBER = "file_row_number"


def source_schema(source: SourceFile) -> pa.Schema:
    """The Arrow schema of a Parquet file (as pyarrow would read its batches)."""
    return pq.ParquetFile(source.path).schema_arrow


def can_stage_directly(store: Store, source: SourceFile, schema: pa.Schema) -> bool:
    """Whether `stage_directly` gives exactly what the chunked path would for this file."""
    if store.duckdb_connection() is None or source.format != "parquet":
        return False
    if not source.total_rows or _GLOB & set(str(source.path.resolve())):
        return False
    names = [name.lower() for name in schema.names]
    reserved = any(name == _ROW_NUMBER or name.startswith(RESERVED_PREFIX) for name in names)
    if reserved or len(set(names)) != len(names):
        return False
    return all(any(field.type == plain for plain in _PLAIN_TYPES) for field in schema)


def stage_directly(
    store: Store, validator: Validator, source: SourceFile, staging: str
) -> pa.Table | None:
    """Validate the whole file into the temporary table `staging` (typed good rows, their
    line, and the key hash when the validator adds it); return the refused rows'
    quarantine records, or None (and no table) when DuckDB cannot read the file here."""
    con = store.duckdb_connection()
    assert con is not None, "can_stage_directly said this is a DuckDB workspace"
    path = literal(str(source.path.resolve()))
    rows = (
        f"(SELECT *, {_ROW_NUMBER} + 1 AS {LINE}, {_ROW_NUMBER} AS {ROW} "
        f"FROM read_parquet({path}, file_row_number = true)) AS batch"
    )
    try:
        con.execute(f"CREATE TEMP TABLE {quote(staging)} AS {validator.sql(rows)}")
    except duckdb.Error:
        store.drop(staging)
        return None
    bad = con.execute(
        f"SELECT {LINE}, {ROW}, {ERRORS} FROM {quote(staging)} "
        f"WHERE {ERRORS} IS NOT NULL ORDER BY {LINE}"
    ).to_arrow_table()
    if bad.num_rows:
        con.execute(f"DELETE FROM {quote(staging)} WHERE {ERRORS} IS NOT NULL")
    for column in (ROW, ERRORS):
        store.drop_column(staging, column)
    columns = list(validator.plan.renames)
    return quarantine_records(bad, _rows_at(source.path, bad[ROW].to_pylist(), columns))


def _rows_at(path: Path, numbers: Sequence[int], columns: list[str]) -> list[dict[str, object]]:
    """The given rows (0-based, ascending) of a Parquet file, as pyarrow reads them: only
    the row groups holding them are read."""
    if not numbers:
        return []
    parquet = pq.ParquetFile(path)
    picked: list[dict[str, object]] = []
    start = 0
    for group in range(parquet.num_row_groups):
        size = parquet.metadata.row_group(group).num_rows
        local = [number - start for number in numbers if start <= number < start + size]
        if local:
            rows = parquet.read_row_group(group, columns=columns).select(columns)
            picked.extend(rows.take(pa.array(local, pa.int64())).to_pylist())
        start += size
    return picked
