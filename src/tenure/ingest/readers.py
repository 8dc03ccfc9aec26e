"""Read CSV, Parquet and JSON files into Arrow record batches, with one-line errors.

Readers never interpret values: CSV and JSON cells arrive as text so that the validator
can report the exact value it refused. Parquet keeps its native types. Every row comes
with the line it starts on (the row number for Parquet, the record number in a JSON
list), and records that cannot be read as rows at all (a CSV line with too many fields,
a JSON line that is not an object) come back as `Malformed`, to be quarantined.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from tenure.errors import FileProblem
from tenure.ingest.lines import BadRecord, LineCounter, blank_rows

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
class Malformed:
    """A record that cannot be read as a row at all: it is quarantined, the others load."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Chunk:
    """Rows read from a file, the line each starts on, and the records that could not be read."""

    rows: pa.RecordBatch
    lines: pa.Array
    malformed: tuple[Malformed, ...] = ()


@dataclass(frozen=True)
class SourceFile:
    """An input file opened for reading: its header, and where its header line is."""

    path: Path
    format: FileFormat
    columns: tuple[str, ...]
    header_line: int
    total_rows: int | None
    encoding: str = "utf-8"
    delimiter: str = ","

    def batches(self, rows_per_batch: int) -> Iterator[Chunk]:
        """Yield the file's rows in chunks (text columns for CSV/JSON) with their lines."""
        if self.format == "csv":
            yield from _csv_chunks(self, rows_per_batch)
        elif self.format == "parquet":
            yield from _parquet_chunks(self.path, rows_per_batch)
        else:
            yield from _json_chunks(self.path, self.encoding, rows_per_batch)

    def empty_chunk(self) -> Chunk:
        """A chunk with the file's columns and no rows."""
        schema = pa.schema([(name, pa.string()) for name in self.columns])
        return Chunk(pa.RecordBatch.from_pylist([], schema=schema), pa.array([], pa.int64()))


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
    number, header_text = _header_line(path, encoding)
    delimiter = _sniff_delimiter(header_text, path)
    header = next(csv.reader([header_text], delimiter=delimiter))
    if not any(name.strip() for name in header):
        raise FileProblem(f"{path.name}: the header line is empty")
    return SourceFile(path, "csv", tuple(header), number, None, encoding, delimiter)


def _header_line(path: Path, encoding: str) -> tuple[int, str]:
    """The first non-blank line (the header) and its line number."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise FileProblem(f"unknown encoding {encoding!r}") from None
    try:
        with path.open(encoding=encoding, newline="") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip("\ufeff \t\r\n"):
                    return number, line.lstrip("\ufeff").rstrip("\r\n")
    except UnicodeDecodeError:
        raise _encoding_problem(path, encoding) from None
    raise FileProblem(f"{path.name}: the file is empty")


def _encoding_problem(path: Path, encoding: str) -> FileProblem:
    line = _undecodable_line(path, encoding)
    where = f" at line {line}" if line is not None else ""
    return FileProblem(
        f"{path.name}: not valid {encoding.upper()} text{where}; "
        "pass --encoding (e.g. --encoding latin-1) if the file uses another encoding"
    )


def _undecodable_line(path: Path, encoding: str) -> int | None:
    """The line holding the first bytes that `encoding` cannot decode."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            try:
                line += decoder.decode(block).count("\n")
            except UnicodeDecodeError as error:
                return line + block[: max(error.start, 0)].count(b"\n")
    return None


def _sniff_delimiter(header_line: str, path: Path) -> str:
    if path.suffix.lower() == ".tsv" or header_line.count("\t") > header_line.count(","):
        return "\t"
    if header_line.count(";") > header_line.count(","):
        return ";"
    return ","


def _csv_chunks(source: SourceFile, rows_per_batch: int) -> Iterator[Chunk]:
    names = [f"c{index}" for index in range(len(source.columns))]
    counter = LineCounter(next_record=source.header_line + 1)

    def refuse(row: pacsv.InvalidRow) -> str:
        counter.add(BadRecord(row.number or 0, row.text, row.actual_columns, row.expected_columns))
        return "skip"

    read_options = pacsv.ReadOptions(
        column_names=names,
        skip_rows=source.header_line,
        encoding=source.encoding,
        block_size=BLOCK_BYTES,
        use_threads=False,  # so that pyarrow numbers the records it cannot split
    )
    parse_options = pacsv.ParseOptions(
        delimiter=source.delimiter,
        newlines_in_values=True,
        ignore_empty_lines=False,
        invalid_row_handler=refuse,
    )
    convert_options = pacsv.ConvertOptions(column_types={name: pa.string() for name in names})
    try:
        reader = pacsv.open_csv(
            source.path,
            read_options=read_options,
            parse_options=parse_options,
            convert_options=convert_options,
        )
        for batch in reader:
            yield from _csv_chunk(
                batch.rename_columns(list(source.columns)), counter, rows_per_batch
            )
        if counter.pending:  # bad records after the last row
            yield from _csv_chunk(source.empty_chunk().rows, counter, rows_per_batch, final=True)
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        raise _csv_problem(source, error) from None


def _csv_chunk(
    batch: pa.RecordBatch, counter: LineCounter, rows: int, final: bool = False
) -> Iterator[Chunk]:
    """Number the rows of one CSV batch, drop blank rows, and split it into chunks."""
    starts, bad = counter.place(batch, final)
    malformed = tuple(
        Malformed(
            line, record.text, f"has {record.fields} fields but the header has {record.expected}"
        )
        for line, record in bad
        if record.text.strip()
    )
    lines = pa.array(starts, pa.int64())
    blank = blank_rows(batch)
    if blank is not None:
        batch, lines = batch.filter(pc.invert(blank)), lines.filter(pc.invert(blank))
    if batch.num_rows == 0 and not malformed:
        return
    for offset in range(0, max(batch.num_rows, 1), rows):
        part = malformed if offset == 0 else ()
        yield Chunk(batch.slice(offset, rows), lines.slice(offset, rows), part)


def _csv_problem(source: SourceFile, error: Exception) -> FileProblem:
    message = str(error)
    if isinstance(error, UnicodeDecodeError) or "UTF8" in message or "utf-8" in message.lower():
        return _encoding_problem(source.path, source.encoding)
    first = message.splitlines()[0]
    return FileProblem(f"{source.path.name}: cannot parse as CSV: {first}")


def _open_parquet(path: Path) -> SourceFile:
    try:
        metadata = pq.ParquetFile(path).metadata
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise FileProblem(f"{path.name}: not a readable Parquet file ({error})") from None
    return SourceFile(path, "parquet", tuple(schema.names), 0, metadata.num_rows)


def _parquet_chunks(path: Path, rows_per_batch: int) -> Iterator[Chunk]:
    """Parquet rows are numbered from 1, in file order."""
    done = 0
    try:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=rows_per_batch):
            lines = pa.array(np.arange(done + 1, done + 1 + batch.num_rows), pa.int64())
            done += batch.num_rows
            yield Chunk(batch, lines)
    except (pa.ArrowInvalid, OSError) as error:
        raise FileProblem(f"{path.name}: the Parquet file is damaged ({error})") from None


JsonRecords = list[tuple[int, dict[str, object]]]


def _open_json(path: Path, encoding: str) -> SourceFile:
    records, _ = _json_records(path, encoding)
    columns = dict.fromkeys(key for _, record in records for key in record)
    return SourceFile(path, "json", tuple(columns), 0, len(records), encoding)


def _json_chunks(path: Path, encoding: str, rows_per_batch: int) -> Iterator[Chunk]:
    """JSON records as text columns; a list's records are numbered, JSON lines keep lines."""
    records, malformed = _json_records(path, encoding)
    columns = list(dict.fromkeys(key for _, record in records for key in record))
    schema = pa.schema([(name, pa.string()) for name in columns])
    for offset in range(0, len(records), rows_per_batch):
        part = records[offset : offset + rows_per_batch]
        arrays = [
            pa.array([_json_text(record.get(name)) for _, record in part], pa.string())
            for name in columns
        ]
        yield Chunk(
            pa.RecordBatch.from_arrays(arrays, schema=schema),
            pa.array([line for line, _ in part], pa.int64()),
            malformed if offset == 0 else (),
        )


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")  # JSON numbers keep their digits: no 1e-05, no binary floats
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _json_records(path: Path, encoding: str) -> tuple[JsonRecords, tuple[Malformed, ...]]:
    """The file's objects with their line (JSON lines) or record number (a JSON list)."""
    try:
        text = path.read_text(encoding=encoding).lstrip("\ufeff")
    except UnicodeDecodeError:
        raise _encoding_problem(path, encoding) from None
    except LookupError:
        raise FileProblem(f"unknown encoding {encoding!r}") from None
    stripped = text.strip()
    if not stripped:
        raise FileProblem(f"{path.name}: the file is empty")
    if stripped[0] == "[":
        values = list(enumerate(_parse_json_array(path, stripped), start=1))
        what = "record"
    elif stripped[0] == "{":
        _refuse_single_object(path, stripped)
        values = _parse_lines(text)
        what = "line"
    else:
        raise FileProblem(f"{path.name}: JSON must be a list of objects or one object per line")
    return _objects(path, values, what)


def _objects(
    path: Path, values: list[tuple[int, object]], what: str
) -> tuple[JsonRecords, tuple[Malformed, ...]]:
    records: JsonRecords = []
    malformed: list[Malformed] = []
    for number, value in values:
        if isinstance(value, dict):
            records.append((number, value))
        elif isinstance(value, Malformed):
            malformed.append(value)
        else:
            text = json.dumps(value, ensure_ascii=False, default=str)
            malformed.append(Malformed(number, text, "is not a JSON object"))
    if not values:
        raise FileProblem(f"{path.name}: the JSON list holds no records")
    if not records:
        first = malformed[0]
        raise FileProblem(
            f"{path.name}: JSON must be a list of objects or one object per line; "
            f"{what} {first.line} {first.reason}"
        )
    return records, tuple(malformed)


def _parse_json_array(path: Path, text: str) -> list[object]:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise FileProblem(f"{path.name}: not valid JSON: {error}") from None
    if not isinstance(data, list):
        raise FileProblem(f"{path.name}: JSON must be a list of objects")
    return data


def _refuse_single_object(path: Path, text: str) -> None:
    """A `.json` file holding one object (not a list) is refused; one JSON line is fine."""
    if path.suffix.lower() != ".json":
        return
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return  # not one object: read it as JSON lines
    raise FileProblem(f"{path.name}: JSON must be a list of objects, not a single object")


def _parse_lines(text: str) -> list[tuple[int, object]]:
    """One JSON value per line; a line that is not valid JSON is kept as malformed."""
    values: list[tuple[int, object]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            values.append((number, json.loads(line, parse_float=Decimal)))
        except json.JSONDecodeError as error:
            values.append(
                (number, Malformed(number, line.rstrip("\r"), f"is not valid JSON ({error.msg})"))
            )
    return values
