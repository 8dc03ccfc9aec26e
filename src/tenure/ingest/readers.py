"""Read CSV, Parquet and JSON files into Arrow record batches, with one-line errors.

Readers never interpret values: CSV and JSON cells arrive as text so that the validator
can report the exact value it refused. Parquet keeps its native types.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from tenure.errors import FileProblem

FileFormat = Literal["csv", "parquet", "json"]
FORMATS: tuple[FileFormat, ...] = ("csv", "parquet", "json")
_SUFFIXES: dict[str, FileFormat] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}
BLOCK_BYTES = 16 << 20


@dataclass(frozen=True)
class SourceFile:
    """An input file opened for reading: its header, and how line numbers are counted."""

    path: Path
    format: FileFormat
    columns: tuple[str, ...]
    first_line: int
    total_rows: int | None
    encoding: str = "utf-8"
    delimiter: str = ","

    def batches(self, rows_per_batch: int) -> Iterator[pa.RecordBatch]:
        """Yield the file's rows in batches (text columns for CSV/JSON)."""
        if self.format == "csv":
            yield from _csv_batches(self, rows_per_batch)
        elif self.format == "parquet":
            yield from _parquet_batches(self.path, rows_per_batch)
        else:
            yield from _json_batches(self.path, self.encoding, rows_per_batch)


def detect_format(path: Path, declared: str | None) -> FileFormat:
    """The file's format: the one declared, else the one its suffix says."""
    if declared:
        if declared not in FORMATS:
            raise FileProblem(f"unknown format {declared!r}; use one of {', '.join(FORMATS)}")
        return declared  # type: ignore[return-value]
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise FileProblem(f"{path.name}: cannot tell the format from {suffix!r}; pass --format")
    return _SUFFIXES[suffix]


def open_source(path: Path, declared: str | None = None, encoding: str = "utf-8") -> SourceFile:
    """Open `path`, check it is usable, and read its header."""
    if not path.exists():
        raise FileProblem(f"{path}: no such file")
    if not path.is_file():
        raise FileProblem(f"{path}: not a file")
    if path.stat().st_size == 0:
        raise FileProblem(f"{path.name}: the file is empty")
    file_format = detect_format(path, declared)
    if file_format == "csv":
        return _open_csv(path, encoding)
    if file_format == "parquet":
        return _open_parquet(path)
    return _open_json(path, encoding)


def _open_csv(path: Path, encoding: str) -> SourceFile:
    header_line = _first_nonblank_line(path, encoding)
    delimiter = _sniff_delimiter(header_line, path)
    header = next(csv.reader([header_line], delimiter=delimiter))
    if not any(name.strip() for name in header):
        raise FileProblem(f"{path.name}: the header line is empty")
    return SourceFile(path, "csv", tuple(header), 2, None, encoding, delimiter)


def _first_nonblank_line(path: Path, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise FileProblem(f"unknown encoding {encoding!r}") from None
    try:
        with path.open(encoding=encoding, newline="") as handle:
            for line in handle:
                if line.strip():
                    return line.lstrip("\ufeff").rstrip("\r\n")
    except UnicodeDecodeError as error:
        raise _encoding_problem(path, encoding, error.start) from None
    raise FileProblem(f"{path.name}: the file is empty")


def _encoding_problem(path: Path, encoding: str, offset: int | None = None) -> FileProblem:
    where = f" at byte {offset}" if offset is not None else ""
    return FileProblem(
        f"{path.name}: not valid {encoding.upper()} text{where}; "
        "pass --encoding (e.g. --encoding latin-1) if the file uses another encoding"
    )


def _sniff_delimiter(header_line: str, path: Path) -> str:
    if path.suffix.lower() == ".tsv" or header_line.count("\t") > header_line.count(","):
        return "\t"
    if header_line.count(";") > header_line.count(","):
        return ";"
    return ","


def _csv_batches(source: SourceFile, rows_per_batch: int) -> Iterator[pa.RecordBatch]:
    names = [f"c{index}" for index in range(len(source.columns))]
    read_options = pacsv.ReadOptions(
        column_names=names,
        skip_rows=1,
        encoding=source.encoding,
        block_size=BLOCK_BYTES,
    )
    parse_options = pacsv.ParseOptions(delimiter=source.delimiter, newlines_in_values=True)
    convert_options = pacsv.ConvertOptions(column_types={name: pa.string() for name in names})
    try:
        reader = pacsv.open_csv(
            source.path,
            read_options=read_options,
            parse_options=parse_options,
            convert_options=convert_options,
        )
        for batch in reader:
            yield from _split(batch.rename_columns(list(source.columns)), rows_per_batch)
    except pa.ArrowInvalid as error:
        raise _csv_problem(source, error) from None


def _csv_problem(source: SourceFile, error: Exception) -> FileProblem:
    message = str(error)
    if "UTF8" in message or "utf-8" in message.lower():
        return _encoding_problem(source.path, source.encoding)
    first = message.splitlines()[0]
    return FileProblem(f"{source.path.name}: cannot parse as CSV: {first}")


def _split(batch: pa.RecordBatch, rows: int) -> Iterator[pa.RecordBatch]:
    for offset in range(0, batch.num_rows, rows):
        yield batch.slice(offset, rows)


def _open_parquet(path: Path) -> SourceFile:
    try:
        metadata = pq.ParquetFile(path).metadata
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise FileProblem(f"{path.name}: not a readable Parquet file ({error})") from None
    return SourceFile(path, "parquet", tuple(schema.names), 1, metadata.num_rows)


def _parquet_batches(path: Path, rows_per_batch: int) -> Iterator[pa.RecordBatch]:
    try:
        yield from pq.ParquetFile(path).iter_batches(batch_size=rows_per_batch)
    except (pa.ArrowInvalid, OSError) as error:
        raise FileProblem(f"{path.name}: the Parquet file is damaged ({error})") from None


def _open_json(path: Path, encoding: str) -> SourceFile:
    records = _json_records(path, encoding)
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    return SourceFile(path, "json", tuple(columns), 1, len(records), encoding)


def _json_batches(path: Path, encoding: str, rows_per_batch: int) -> Iterator[pa.RecordBatch]:
    records = _json_records(path, encoding)
    columns = list(dict.fromkeys(key for record in records for key in record))
    for offset in range(0, len(records), rows_per_batch):
        chunk = records[offset : offset + rows_per_batch]
        arrays = {name: [_json_text(record.get(name)) for record in chunk] for name in columns}
        yield pa.RecordBatch.from_pydict(
            arrays, schema=pa.schema([(name, pa.string()) for name in columns])
        )


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _json_records(path: Path, encoding: str) -> list[dict[str, object]]:
    try:
        text = path.read_text(encoding=encoding)
    except UnicodeDecodeError as error:
        raise _encoding_problem(path, encoding, error.start) from None
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise FileProblem(f"{path.name}: the file is empty")
    if stripped[0] == "[":
        records = _parse_json_array(path, stripped)
    elif path.suffix.lower() == ".json":
        raise FileProblem(f"{path.name}: JSON must be a list of objects (or use .jsonl lines)")
    else:
        records = _parse_lines(path, stripped)
    for index, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise FileProblem(f"{path.name}: record {index} is not a JSON object")
    return records


def _parse_json_array(path: Path, text: str) -> list[dict[str, object]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileProblem(f"{path.name}: not valid JSON: {error}") from None
    if not isinstance(data, list):
        raise FileProblem(f"{path.name}: JSON must be a list of objects")
    return data


def _parse_lines(path: Path, text: str) -> list[dict[str, object]]:
    if text[0] != "{":
        raise FileProblem(f"{path.name}: JSON must be a list of objects or one object per line")
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise FileProblem(f"{path.name}: line {number} is not valid JSON: {error}") from None
    return records
