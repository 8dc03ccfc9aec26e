"""Validate a batch of raw rows against a canonical table, row by row, vectorised.

The checks run on an in-process DuckDB used as a parsing engine (whatever backend the
workspace uses): one SQL statement parses every column, applies every rule, and splits
the batch into typed good rows and refused rows with their reasons. Checks that need the
workspace (unique keys across the file, references to known accounts) run later, in
`load.py`, on the workspace backend itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tenure.ingest.checks import (
    Limits,
    NativeKind,
    Problem,
    column_problems,
    literal,
    native_expression,
    order_problem,
    parse_expression,
    quote,
    raw_text,
    scale_problem,
)
from tenure.ingest.columns import ColumnPlan
from tenure.ingest.readers import Chunk, Malformed
from tenure.schema import DECIMAL_PRECISION, DECIMAL_SCALE, Column, ColumnType, Table

LINE = "_tenure_line"
ERRORS = "_tenure_errors"
ROW = "_tenure_row"
#: A hash of each row's key, kept in staging so that a cheap grouping can show that no key
#: repeats (see `load.keys_may_repeat`); equal keys always have equal hashes.
KEY_HASH = "_tenure_key_hash"
QUARANTINE_SCHEMA = pa.schema(
    [
        ("line", pa.int64()),
        ("column", pa.string()),
        ("value", pa.string()),
        ("reason", pa.string()),
        ("record", pa.string()),
    ]
)


@dataclass(frozen=True)
class BatchResult:
    """The typed rows that passed and the refused rows (one quarantine record each)."""

    good: pa.Table
    bad: pa.Table


@dataclass(frozen=True)
class Validator:
    """Validates batches of one file for one table; build once per import."""

    table: Table
    plan: ColumnPlan
    extra_types: Mapping[str, ColumnType]
    limits: Limits
    scales: Mapping[str, tuple[int, int]]
    source_types: Mapping[str, pa.DataType] = field(default_factory=dict)
    key_hash: bool = False

    def columns(self) -> list[Column]:
        """Canonical columns present in the file, then extra attribute columns."""
        present = [self.table.column(name) for name in self.plan.canonical]
        defaults = [
            column
            for column in self.table.columns
            if column.default is not None and column.name not in self.plan.canonical
        ]
        extras = [Column(name, self.extra_types[name], "attribute") for name in self.plan.extras]
        return present + defaults + extras

    def sql(self, source: str = "batch") -> str:
        """Parse every column once, then default, check, and list each failing row's problems.

        The inner query parses; the outer one refers to the parsed columns, so that the
        checks (one condition per rule) never parse a value twice. `source` is the relation
        holding the raw rows with their line and row number (the registered chunk, or a
        Parquet file read by the workspace's DuckDB itself).
        """
        sources = {target: source for source, target in self.plan.renames.items()}
        parsing: list[str] = []
        raws: dict[str, str] = {}
        parsed: dict[str, str] = {}
        texts: dict[str, str] = {}
        for index, column in enumerate(self.columns()):
            raw, value, native = self._read(column, sources.get(column.name))
            raws[column.name], parsed[column.name] = quote(f"_r{index}"), quote(f"_p{index}")
            texts[column.name] = (
                f"CAST({raws[column.name]} AS VARCHAR)" if native else raws[column.name]
            )
            parsing += [f"{raw} AS {raws[column.name]}", f"{value} AS {parsed[column.name]}"]
        problems = self._problems(raws, parsed, texts)
        errors = ", ".join(problem.sql() for problem in problems)
        failing = " OR ".join(f"({problem.condition})" for problem in problems) or "false"
        selected = ", ".join(
            f"{_with_default(column, parsed[column.name])} AS {quote(column.name)}"
            for column in self.columns()
        )
        checked = (
            f"SELECT {LINE}, {ROW}, {selected}, CASE WHEN {failing} THEN "
            f"list_filter([{errors}], e -> e IS NOT NULL) END AS {ERRORS} "
            f"FROM (SELECT {LINE}, {ROW}, {', '.join(parsing)} FROM {source})"
        )
        return self._with_key_hash(checked)

    def _with_key_hash(self, checked: str) -> str:
        """`checked` plus the hash of each row's stored key, when asked for and possible."""
        names = {column.name for column in self.columns()}
        if not self.key_hash or not all(name in names for name in self.table.key):
            return checked
        key = ", ".join(quote(name) for name in self.table.key)
        return f"SELECT *, hash({key}) AS {KEY_HASH} FROM ({checked})"

    def _read(self, column: Column, source: str | None) -> tuple[str, str, bool]:
        """SQL for the source value and its parsed value, and whether the source is typed."""
        if source is None:
            return "NULL::VARCHAR", f"CAST(NULL AS {_SQL_TYPES[column.type]})", False
        kind = _native_kind(self.source_types.get(source))
        native = native_expression(quote(source), column.type, kind) if kind else None
        if native is not None:
            return quote(source), native, True
        raw = raw_text(source)
        return raw, parse_expression(raw, column.type, lower=bool(column.choices)), False

    def _problems(
        self, raws: dict[str, str], parsed: dict[str, str], texts: dict[str, str]
    ) -> list[Problem]:
        problems: list[Problem] = []
        for column in self.columns():
            name = column.name
            problems.extend(
                column_problems(column, raws[name], parsed[name], self.limits, texts[name])
            )
        for rule in self.table.order_rules:
            if rule.earlier in parsed and rule.later in parsed:
                problems.append(order_problem(rule.earlier, rule.later, parsed, texts))
        if self.table.name == "surveys":
            problems.append(
                scale_problem(dict(self.scales), parsed["survey"], parsed["score"], texts["score"])
            )
        return problems

    def run(self, chunk: Chunk, engine: duckdb.DuckDBPyConnection) -> BatchResult:
        """Validate one chunk of rows (each with the file line it starts on)."""
        rows = chunk.rows
        numbered = pa.Table.from_batches([rows]).append_column(LINE, chunk.lines)
        numbered = numbered.append_column(ROW, pa.array(np.arange(rows.num_rows), pa.int64()))
        engine.register("batch", numbered)
        try:
            checked = engine.execute(self.sql()).to_arrow_table()
        finally:
            engine.unregister("batch")
        good, bad = _split(checked)
        refused = quarantine_records(bad, self._originals(bad, rows))
        if chunk.malformed:
            refused = pa.concat_tables([refused, malformed_records(chunk.malformed)])
        return BatchResult(good=good, bad=refused)

    def _originals(self, bad: pa.Table, rows: pa.RecordBatch) -> list[dict[str, object]]:
        """The source columns of the refused rows of one chunk, as Python values."""
        if bad.num_rows == 0:
            return []
        picked = rows.select(list(self.plan.renames)).take(bad[ROW].combine_chunks())
        originals: list[dict[str, object]] = picked.to_pylist()
        return originals


_SQL_TYPES: dict[ColumnType, str] = {
    "string": "VARCHAR",
    "timestamp": "TIMESTAMP",
    "date": "DATE",
    "decimal": f"DECIMAL({DECIMAL_PRECISION},{DECIMAL_SCALE})",
    "integer": "BIGINT",
    "float": "DOUBLE",
    "boolean": "BOOLEAN",
}


def _native_kind(arrow_type: pa.DataType | None) -> NativeKind | None:
    """The kind of a typed (Parquet) source column, None for text and anything else."""
    if arrow_type is None:
        return None
    checks: tuple[tuple[NativeKind, Callable[[pa.DataType], bool]], ...] = (
        ("timestamp", pa.types.is_timestamp),
        ("date", pa.types.is_date),
        ("integer", pa.types.is_integer),
        ("float", pa.types.is_floating),
        ("decimal", pa.types.is_decimal),
        ("boolean", pa.types.is_boolean),
    )
    for kind, check in checks:
        if check(arrow_type):
            return kind
    return None


def _with_default(column: Column, parsed: str) -> str:
    """The stored value: the parsed one, else the column's default (checks see no default)."""
    if column.default is None:
        return parsed
    return f"COALESCE({parsed}, {parse_expression(literal(column.default), column.type)})"


def _split(checked: pa.Table) -> tuple[pa.Table, pa.Table]:
    failed = pc.is_valid(checked[ERRORS])
    if not pc.any(failed).as_py():
        return checked.drop_columns([ERRORS, ROW]), checked.slice(0, 0)
    good = checked.filter(pc.invert(failed)).drop_columns([ERRORS, ROW])
    return good, checked.filter(failed)


def quarantine_records(bad: pa.Table, originals: Sequence[Mapping[str, object]]) -> pa.Table:
    """One record per refused row: the first problem's column and value, every reason.

    `originals` are the refused rows' source columns, in the order of `bad`.
    """
    records = []
    for line, errors, original in zip(
        bad[LINE].to_pylist(), bad[ERRORS].to_pylist(), originals, strict=True
    ):
        first = errors[0]
        reason = "; ".join(f"{error['column']} {error['reason']}" for error in errors)
        records.append(
            {
                "line": line,
                "column": first["column"],
                "value": first["value"],
                "reason": reason,
                "record": record_json(original),
            }
        )
    return pa.Table.from_pylist(records, schema=QUARANTINE_SCHEMA)


def record_json(row: Mapping[str, object]) -> str:
    """A refused row as the JSON object of its source columns (values as text)."""
    return json.dumps(
        {name: None if value is None else str(value) for name, value in row.items()},
        ensure_ascii=False,
    )


def malformed_records(malformed: Sequence[Malformed]) -> pa.Table:
    """Quarantine records of records that could not be read as rows (the text as a JSON string)."""
    records = [
        {
            "line": bad.line,
            "column": "",
            "value": bad.text[:200],
            "reason": bad.reason,
            "record": json.dumps(bad.text, ensure_ascii=False),
        }
        for bad in malformed
    ]
    return pa.Table.from_pylist(records, schema=QUARANTINE_SCHEMA)


def new_engine() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for parsing, with UTC as its time zone."""
    engine = duckdb.connect(":memory:")
    engine.execute("SET TimeZone='UTC'")
    return engine
