"""Read vendor exports into flat text records: one dict per row, column → text or None.

CSV cells stay text. JSON records are flattened: nested objects become dotted columns
(`context.groupId`), lists become JSON text, true/false and numbers become their text.
Empty text is a missing value.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tenure.errors import FileProblem

Row = dict[str, str | None]
JsonRecord = dict[str, object]


@dataclass(frozen=True)
class VendorFile:
    """The rows of one export, and its columns in order of first appearance."""

    path: Path
    columns: tuple[str, ...]
    rows: list[Row]


def read_text(path: Path) -> str:
    """The file's text (UTF-8, BOM dropped); a FileProblem when missing, empty or not UTF-8."""
    if not path.is_file():
        raise FileProblem(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(f"{path.name}: not valid UTF-8 text at byte {error.start}") from None
    if not text.strip():
        raise FileProblem(f"{path.name}: the file is empty")
    return text


def read_csv(path: Path) -> VendorFile:
    """A CSV export (comma, semicolon or tab separated) with a header line."""
    lines = read_text(path).splitlines(keepends=True)
    reader = csv.reader(lines, delimiter=_delimiter(lines[0]))
    header = [name.strip() for name in next(reader)]
    rows = [_csv_row(header, cells) for cells in reader if any(cell.strip() for cell in cells)]
    return VendorFile(path, tuple(header), rows)


def _delimiter(header: str) -> str:
    counts = {mark: header.count(mark) for mark in (",", ";", "\t")}
    return max(counts, key=lambda mark: counts[mark]) if any(counts.values()) else ","


def _csv_row(header: Sequence[str], cells: Sequence[str]) -> Row:
    return {name: (cell.strip() or None) for name, cell in zip(header, cells, strict=False)}


Prepare = Callable[[JsonRecord], JsonRecord]


def read_json(
    path: Path, containers: Sequence[str] = (), prepare: Prepare | None = None
) -> VendorFile:
    """JSON lines, a JSON list, or an object holding the list under one of `containers`."""
    records = json_records(path, containers)
    if prepare is not None:
        records = [prepare(record) for record in records]
    rows = [flatten(record) for record in records]
    return VendorFile(path, _without_empty_parents(_columns(rows), rows), rows)


def json_records(path: Path, containers: Sequence[str] = ()) -> list[JsonRecord]:
    """The JSON objects of the file, in order; a FileProblem for anything else."""
    text = read_text(path).strip()
    try:
        data: object = json.loads(text)
    except json.JSONDecodeError:
        data = _json_lines(path, text)
    if isinstance(data, dict):
        data = next((data[key] for key in containers if isinstance(data.get(key), list)), [data])
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise FileProblem(f"{path.name}: expected JSON objects (a list or one per line)")
    return data


def _json_lines(path: Path, text: str) -> list[object]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise FileProblem(
                    f"{path.name}: line {number} is not valid JSON: {error}"
                ) from None
    return records


def flatten(record: JsonRecord, prefix: str = "") -> Row:
    """Nested objects → dotted columns; every value → text (lists as JSON text)."""
    row: Row = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            row.update(flatten(value, f"{name}."))
        else:
            row[name] = json_text(value)
    return row


def json_text(value: object) -> str | None:
    """The text form of a JSON value; None for null, empty text, {} and []."""
    if value is None or value in ("", {}, []):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _columns(rows: Iterable[Row]) -> tuple[str, ...]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return tuple(columns)


def _without_empty_parents(columns: tuple[str, ...], rows: list[Row]) -> tuple[str, ...]:
    """Drop `x` when it is only ever null while other records have an object `x.…`."""
    parents = {column.rsplit(".", 1)[0] for column in columns if "." in column}
    empty = {c for c in parents & set(columns) if all(row.get(c) is None for row in rows)}
    return tuple(column for column in columns if column not in empty)
