"""Write a table to CSV, Parquet or JSON lines in a form that imports back unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from tenure.errors import FileProblem
from tenure.ingest.readers import detect_format

BATCH_ROWS = 250_000


def export_table(table: ir.Table, path: Path, format: str | None = None) -> int:
    """Stream `table` to `path`; the format comes from `format` or the suffix."""
    file_format = detect_format(path, format)
    path.parent.mkdir(parents=True, exist_ok=True)
    batches = table.to_pyarrow_batches(chunk_size=BATCH_ROWS)
    schema = batches.schema
    if file_format == "parquet":
        return _write_parquet(batches, schema, path)
    if file_format == "csv":
        return _write_csv(batches, schema, path)
    return _write_json(batches, path, as_list=path.suffix.lower() == ".json")


def _write_parquet(batches: pa.RecordBatchReader, schema: pa.Schema, path: Path) -> int:
    rows = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def _write_csv(batches: pa.RecordBatchReader, schema: pa.Schema, path: Path) -> int:
    rows = 0
    text_schema = pa.schema([pa.field(f.name, pa.string()) if _is_float(f) else f for f in schema])
    with pacsv.CSVWriter(path, text_schema) as writer:
        for batch in batches:
            writer.write_batch(_floats_as_text(batch))
            rows += batch.num_rows
    return rows


def _is_float(field: pa.Field) -> bool:
    return bool(pa.types.is_floating(field.type))


def _floats_as_text(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Whole floats keep a `.0` (`2.0`, not `2`), so a float attribute reads back as a float."""
    columns = []
    for field, column in zip(batch.schema, batch.columns, strict=True):
        if _is_float(field):
            text = pc.cast(column, pa.string())
            whole = pc.match_substring_regex(text, r"^-?[0-9]+$")
            column = pc.if_else(whole, pc.binary_join_element_wise(text, ".0", ""), text)
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def _write_json(batches: pa.RecordBatchReader, path: Path, as_list: bool) -> int:
    """JSON lines, or one JSON list for a `.json` file (what the importer expects of each)."""
    rows = 0
    separator = ",\n" if as_list else "\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[\n" if as_list else "")
        for batch in batches:
            for record in batch.to_pylist():
                handle.write(separator if rows and as_list else "")
                handle.write(json.dumps(record, default=_jsonable, ensure_ascii=False))
                handle.write("" if as_list else "\n")
                rows += 1
        handle.write("\n]\n" if as_list else "")
    return rows


def _jsonable(value: object) -> str:
    iso = getattr(value, "isoformat", None)
    if iso is not None:
        return str(iso())
    if isinstance(value, bytes):
        raise FileProblem("binary values cannot be written as JSON")
    return str(value)
